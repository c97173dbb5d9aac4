using System.Text.Json;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// Watches each request of one send: asked just before the request leaves the process (and may withhold it), told how
/// it ended. A retry inside the client is a request of its own, asked again.
/// </summary>
public interface IRequestGate
{
    /// <summary>False withholds the request: nothing is sent, and the send ends as <see cref="WeChatOutcome.Withheld"/>.</summary>
    Task<bool> OpenAsync(CancellationToken cancellationToken);

    /// <summary>How the request ended: WeChat's answer when it succeeded, else the outcome and the error.</summary>
    Task ClosedAsync(WeChatResult<JsonElement> result);
}
