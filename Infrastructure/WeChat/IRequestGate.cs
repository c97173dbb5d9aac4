namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// Watches each request of one send: asked just before the request leaves the process (and may withhold it), told how
/// it ended. A retry inside the client is a request of its own, asked again.
/// </summary>
public interface IRequestGate
{
    /// <summary>False withholds the request: nothing is sent, and the send ends as <see cref="WeChatOutcome.Withheld"/>.</summary>
    Task<bool> OpenAsync(CancellationToken cancellationToken);

    Task ClosedAsync(WeChatOutcome outcome, WeChatError? error);
}
