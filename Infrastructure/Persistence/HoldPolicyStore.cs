using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class HoldPolicyStore(NpgsqlDataSource dataSource) : IHoldPolicies
{
    private const string SelectPolicies = "select patron_group, max_open_holds, pickup_open_days from hold_policies";

    public async Task<IReadOnlyList<HoldPolicyEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HoldPolicyRow>(new CommandDefinition(
            $"{SelectPolicies} order by patron_group", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    public async Task<HoldPolicy?> SaveAsync(HoldPolicyEntry entry, Func<HoldPolicy?, AuditEntry> audit, CancellationToken cancellationToken)
    {
        var group = entry.Group.Code();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The group's row locked (or, for a new group, the insert's conflict waits), so that the audit row's "before" is
        // the policy each change replaced.
        var before = (await connection.QuerySingleOrDefaultAsync<HoldPolicyRow>(new CommandDefinition(
            $"{SelectPolicies} where patron_group = @group for update", new { group }, transaction, cancellationToken: cancellationToken)))?.ToEntry().Policy;
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into hold_policies (patron_group, max_open_holds, pickup_open_days) values (@group, @MaxOpenHolds, @PickupOpenDays)
            on conflict (patron_group) do update set
                max_open_holds = excluded.max_open_holds, pickup_open_days = excluded.pickup_open_days, updated_at = now()
            """, new { group, entry.Policy.MaxOpenHolds, entry.Policy.PickupOpenDays }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, [audit(before)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return before;
    }

    private sealed class HoldPolicyRow
    {
        public string PatronGroup { get; init; } = "";
        public int MaxOpenHolds { get; init; }
        public int PickupOpenDays { get; init; }

        public HoldPolicyEntry ToEntry() => new(PatronCodes.ParseGroup(PatronGroup), new HoldPolicy(MaxOpenHolds, PickupOpenDays));
    }
}
