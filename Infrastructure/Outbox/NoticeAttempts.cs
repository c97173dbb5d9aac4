using System.Text.Json;
using WeChatLib.Domain.Common;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// The requests of one send of a claimed notice. Each may leave only while the worker still holds the notice, which
/// it then holds for <paramref name="hold"/> more, and each is recorded in <c>notification_attempts</c> before it leaves.
/// The first request's attempt was recorded with its batch (<paramref name="firstAttempt"/>; null: the batch found the
/// notice no longer this worker's, and nothing may leave), and serves only until <paramref name="firstUsableUntil"/>;
/// a retry, or a first request later than that, records its own, which checks the lease again. How the last request ended is
/// written with the notice's new state, in one statement (<see cref="Ended"/>, then <see cref="Written"/> once that
/// statement succeeded); an earlier one's end is written before the next request is recorded, and any end still
/// unwritten when the send stops short or its statement fails is written by <see cref="FlushAsync"/>, which also
/// forgets the batch's attempt if no request used it.
/// </summary>
internal sealed class NoticeAttempts(OutboxStore store, OutboxItem item, string worker, TimeSpan hold, long? firstAttempt,
    DateTimeOffset firstUsableUntil, LibraryClock clock) : IRequestGate
{
    private bool _firstTaken;
    private long? _open;
    private AttemptEnd? _ended;

    /// <summary>A request left and has not come back: whatever happens next, its outcome is unknown.</summary>
    public bool InFlight => _open is not null;

    public async Task<bool> OpenAsync(CancellationToken cancellationToken)
    {
        await WriteEndAsync();
        if (!_firstTaken && clock.UtcNow < firstUsableUntil)
        {
            _firstTaken = true;
            _open = firstAttempt;
            return _open is not null;
        }
        // Later than the batch's hold surely covers: the lease is checked again, by an attempt of this request's own.
        await ForgetUnusedAsync();
        _open = await store.BeginAttemptAsync(item.Id, worker, hold, cancellationToken);
        return _open is not null;
    }

    public Task ClosedAsync(WeChatResult<JsonElement> result)
    {
        if (_open is { } attempt)
            _ended = new AttemptEnd(attempt, Name(result.Outcome), result.Error is { } error ? $"{error.Code} {error.Message}" : null, MsgId(result));
        _open = null;
        return Task.CompletedTask;
    }

    /// <summary>How the last request ended, for the caller to write with the notice's new state; null when written already.</summary>
    public AttemptEnd? Ended => _ended;

    /// <summary>The caller's statement wrote <see cref="Ended"/>: nothing is left to flush.</summary>
    public void Written() => _ended = null;

    /// <summary>
    /// Writes an end not yet written: it is a fact about what left, kept even when the send was cut short. The batch's
    /// attempt no request used is deleted: nothing left under it, and an open attempt would read as "may have been sent".
    /// </summary>
    public async Task FlushAsync()
    {
        await WriteEndAsync();
        await ForgetUnusedAsync();
    }

    /// <summary>Deletes the batch's attempt if no request used it; none will after this.</summary>
    public async Task ForgetUnusedAsync()
    {
        if (!_firstTaken && firstAttempt is { } unused)
        {
            _firstTaken = true;
            await store.ForgetAttemptAsync(unused);
        }
    }

    private async Task WriteEndAsync()
    {
        if (_ended is { } ended)
        {
            await store.EndAttemptAsync(ended);
            _ended = null;
        }
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

/// <summary>How one recorded request ended: its outcome, WeChat's errcode and message, WeChat's msgid of a success.</summary>
public sealed record AttemptEnd(long AttemptId, string Outcome, string? Detail, long? WeChatMsgId);
