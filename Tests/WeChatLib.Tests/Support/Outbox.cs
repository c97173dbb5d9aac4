using Dapper;

namespace WeChatLib.Tests.Support;

/// <summary>Reads a notice's row as the workers left it.</summary>
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
