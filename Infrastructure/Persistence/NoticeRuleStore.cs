using Dapper;
using Npgsql;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class NoticeRuleStore(NpgsqlDataSource dataSource) : INoticeRules
{
    private const string SelectRules = """
        select patron_group, code, kind, offset_days, repeat_every_days, max_repeats, level, enabled, updated_at from notice_rules
        """;

    public async Task<IReadOnlyList<NoticeRule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RuleRow>(new CommandDefinition(
            $"{SelectRules} order by patron_group, offset_days, code", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRule())];
    }

    public async Task<NoticeRule?> FindAsync(string patronGroup, string code, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<RuleRow>(new CommandDefinition(
            $"{SelectRules} where patron_group = @patronGroup and code = @code", new { patronGroup, code }, cancellationToken: cancellationToken)))?.ToRule();
    }

    public async Task<NoticeRuleUpdate?> UpdateAsync(string patronGroup, string code, Func<NoticeRule, NoticeRuleUpdate> change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locked, so that the change applies to the rule as it stands and the audit row's "before" is what it replaced.
        var before = (await connection.QuerySingleOrDefaultAsync<RuleRow>(new CommandDefinition(
            $"{SelectRules} where patron_group = @patronGroup and code = @code for update", new { patronGroup, code }, transaction,
            cancellationToken: cancellationToken)))?.ToRule();
        if (before is null)
            return null;
        var update = change(before);
        if (update.After is not { } after || update.Audit is not { } audit)
            return update;
        var saved = await connection.QuerySingleAsync<RuleRow>(new CommandDefinition("""
            update notice_rules
            set offset_days = @OffsetDays, repeat_every_days = @RepeatEveryDays, max_repeats = @MaxRepeats, level = @Level,
                enabled = @Enabled, updated_at = now()
            where patron_group = @PatronGroup and code = @Code
            returning patron_group, code, kind, offset_days, repeat_every_days, max_repeats, level, enabled, updated_at
            """, new { after.OffsetDays, after.RepeatEveryDays, after.MaxRepeats, Level = (short)after.Level, after.Enabled, after.PatronGroup, after.Code },
            transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return update with { After = saved.ToRule() };
    }

    private sealed class RuleRow
    {
        public string PatronGroup { get; init; } = "";
        public string Code { get; init; } = "";
        public string Kind { get; init; } = "";
        public int OffsetDays { get; init; }
        public int? RepeatEveryDays { get; init; }
        public int MaxRepeats { get; init; }
        public short Level { get; init; }
        public bool Enabled { get; init; }
        public DateTime UpdatedAt { get; init; }

        public NoticeRule ToRule() => new(PatronGroup, Code, Kind, OffsetDays, RepeatEveryDays, MaxRepeats, Level, Enabled,
            new DateTimeOffset(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)));
    }
}
