using System.Text.Json;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// The requests of one send of a claimed notice. Each may leave only while the worker still holds the notice, which
/// it then holds for <paramref name="hold"/> more, and each is recorded in <c>notification_attempts</c> before it leaves.
/// </summary>
internal sealed class NoticeAttempts(OutboxStore store, OutboxItem item, string worker, TimeSpan hold) : IRequestGate
{
    private long? _open;

    /// <summary>A request left and has not come back: whatever happens next, its outcome is unknown.</summary>
    public bool InFlight => _open is not null;

    public async Task<bool> OpenAsync(CancellationToken cancellationToken)
    {
        _open = await store.BeginAttemptAsync(item.Id, worker, hold, cancellationToken);
        return _open is not null;
    }

    public async Task ClosedAsync(WeChatResult<JsonElement> result)
    {
        if (_open is not { } attempt)
            return;
        await store.EndAttemptAsync(attempt, Name(result.Outcome), result.Error is { } error ? $"{error.Code} {error.Message}" : null, MsgId(result));
        _open = null;
    }

    // WeChat's msgid of a success, so that the notice can be recorded as sent should the worker stop before doing so.
    private static long? MsgId(WeChatResult<JsonElement> result) =>
        result.Error is null && result.Value.ValueKind == JsonValueKind.Object
        && result.Value.TryGetProperty("msgid", out var id) && id.TryGetInt64(out var msgId)
            ? msgId
            : null;

    public static string Name(WeChatOutcome outcome) => outcome switch
    {
        WeChatOutcome.Success => "success",
        WeChatOutcome.Permanent => "permanent",
        WeChatOutcome.QuotaExhausted => "quota",
        WeChatOutcome.Unknown => "unknown",
        _ => "transient",
    };
}
