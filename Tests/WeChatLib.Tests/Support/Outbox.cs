using Dapper;

namespace WeChatLib.Tests.Support;

/// <summary>Reads a notice's row as the workers left it, and the service's own record of its sends.</summary>
internal static class OutboxRows
{
    public static async Task<NoticeRow?> NoticeAsync(this TestDatabase database, string key)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleOrDefaultAsync<NoticeRow>(
            "select id, state, reason, attempts, outcome_unknown, wechat_msgid, delivery_status, not_before from notifications where idempotency_key = @key",
            new { key });
    }

    public static async Task<string?> StateAsync(this TestDatabase database, string key) => (await database.NoticeAsync(key))?.State;

    /// <summary>Each request the service let leave for WeChat with this notice, oldest first (not what the fake saw).</summary>
    public static async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(this TestDatabase database, string key)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<AttemptRow>("""
            select a.worker, a.outcome, a.started_at, a.ended_at
            from notification_attempts a join notifications n on n.id = a.notification_id
            where n.idempotency_key = @key
            order by a.id
            """, new { key })];
    }
}

internal sealed class NoticeRow
{
    public long Id { get; init; }
    public string State { get; init; } = "";
    public string? Reason { get; init; }
    public int Attempts { get; init; }
    public bool OutcomeUnknown { get; init; }
    public long? WechatMsgid { get; init; }
    public string? DeliveryStatus { get; init; }
    public DateTime NotBefore { get; init; }
}

internal sealed class AttemptRow
{
    public string Worker { get; init; } = "";
    public string? Outcome { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime? EndedAt { get; init; }
}
