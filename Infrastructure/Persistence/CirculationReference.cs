using Dapper;
using Npgsql;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The reference data of the loan list's preflight (branch calendars and codes, loan policies), read again once it is
/// <see cref="Freshness"/> old. The list is the account's busiest read and these change a few times a term, so a
/// preview may lag a new holiday or policy by that long on an instance that did not make the change; a renewal itself
/// reads them afresh inside its transaction.
/// </summary>
internal sealed class CirculationReference(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private const string SelectReference = $"""
        {CirculationSql.SelectCalendars}
        select id, code from branches;
        select patron_group, item_type, loan_period_days, renewal_period_days, max_renewals, renewable_days_before_due,
               overdue_renewable, max_open_loans, renewable, renew_from, recall_return_days, guaranteed_loan_days
        from loan_policies;
        """;

    private Snapshot? current;

    public async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (current is { } snapshot && now - snapshot.ReadAt < Freshness)
            return snapshot;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(SelectReference, cancellationToken: cancellationToken));
        var calendars = await CirculationSql.ReadCalendarsAsync(results);
        var branches = (await results.ReadAsync<(short Id, string Code)>()).ToDictionary(b => b.Id, b => b.Code);
        var policies = (await results.ReadAsync<PolicyEntryRow>()).ToDictionary(p => (p.PatronGroup, p.ItemType), p => p.Policy());
        // Two requests reading at once both store a fresh snapshot; either will do.
        current = new Snapshot(now, calendars, branches, policies);
        return current;
    }

    public sealed record Snapshot(
        DateTimeOffset ReadAt,
        IReadOnlyDictionary<short, LibraryCalendar> Calendars,
        IReadOnlyDictionary<short, string> BranchCodes,
        IReadOnlyDictionary<(string Group, string ItemType), PolicyResolution> Policies);

    private sealed class PolicyEntryRow : PolicyRow
    {
        public string PatronGroup { get; init; } = "";
        public string ItemType { get; init; } = "";

        public PolicyResolution Policy() => PolicyFor(Domain.Readers.PatronCodes.ParseGroup(PatronGroup), ItemType);
    }
}
