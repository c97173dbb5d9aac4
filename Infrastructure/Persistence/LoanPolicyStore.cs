using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class LoanPolicyStore(NpgsqlDataSource dataSource) : ILoanPolicies
{
    private const string SelectPolicies = """
        select patron_group, item_type, loan_period_days, renewal_period_days, max_renewals, renewable_days_before_due,
               overdue_renewable, max_open_loans, renewable, renew_from, recall_return_days, guaranteed_loan_days
        from loan_policies
        """;

    public async Task<IReadOnlyList<LoanPolicyEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PolicyRow>(new CommandDefinition(
            $"{SelectPolicies} order by patron_group, item_type", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    public async Task<LoanPolicySave> SaveAsync(PatronGroup patronGroup, string itemType, Func<LoanPolicy?, LoanPolicy> change,
        Func<LoanPolicy?, LoanPolicy, AuditEntry> audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Writers of policies one at a time, so that the audit row's "before" is the policy each change replaced;
        // this mode does not block the renewals reading the table.
        await connection.ExecuteAsync(new CommandDefinition(
            "lock table loan_policies in share row exclusive mode", transaction: transaction, cancellationToken: cancellationToken));
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from item_types where code = @code)", new { code = itemType }, transaction, cancellationToken: cancellationToken)))
            return new LoanPolicySave.UnknownItemType();
        var group = patronGroup.Code();
        var before = (await connection.QuerySingleOrDefaultAsync<PolicyRow>(new CommandDefinition(
            $"{SelectPolicies} where patron_group = @group and item_type = @itemType",
            new { group, itemType }, transaction, cancellationToken: cancellationToken)))?.ToEntry().Policy;
        var policy = change(before);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into loan_policies (patron_group, item_type, loan_period_days, renewal_period_days, max_renewals, renewable_days_before_due,
                                       overdue_renewable, max_open_loans, renewable, renew_from, recall_return_days, guaranteed_loan_days)
            values (@group, @itemType, @LoanPeriodDays, @RenewalPeriodDays, @MaxRenewals, @RenewableDaysBeforeDue,
                    @OverdueRenewable, @MaxOpenLoans, @Renewable, @renewFrom, @RecallReturnDays, @GuaranteedLoanDays)
            on conflict (patron_group, item_type) do update set
                loan_period_days = excluded.loan_period_days, renewal_period_days = excluded.renewal_period_days,
                max_renewals = excluded.max_renewals, renewable_days_before_due = excluded.renewable_days_before_due,
                overdue_renewable = excluded.overdue_renewable, max_open_loans = excluded.max_open_loans,
                renewable = excluded.renewable, renew_from = excluded.renew_from, recall_return_days = excluded.recall_return_days,
                guaranteed_loan_days = excluded.guaranteed_loan_days, updated_at = now()
            """,
            new
            {
                group,
                itemType,
                policy.LoanPeriodDays,
                policy.RenewalPeriodDays,
                policy.MaxRenewals,
                policy.RenewableDaysBeforeDue,
                policy.OverdueRenewable,
                policy.MaxOpenLoans,
                policy.Renewable,
                renewFrom = policy.RenewFrom.Code(),
                policy.RecallReturnDays,
                policy.GuaranteedLoanDays,
            }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, [audit(before, policy)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LoanPolicySave.Saved(before, policy);
    }

    private sealed class PolicyRow
    {
        public string PatronGroup { get; init; } = "";
        public string ItemType { get; init; } = "";
        public int LoanPeriodDays { get; init; }
        public int RenewalPeriodDays { get; init; }
        public int MaxRenewals { get; init; }
        public int? RenewableDaysBeforeDue { get; init; }
        public bool OverdueRenewable { get; init; }
        public int MaxOpenLoans { get; init; }
        public bool Renewable { get; init; }
        public string RenewFrom { get; init; } = "today";
        public int RecallReturnDays { get; init; }
        public int GuaranteedLoanDays { get; init; }

        public LoanPolicyEntry ToEntry() => new(PatronCodes.ParseGroup(PatronGroup), ItemType, new LoanPolicy(
            LoanPeriodDays, RenewalPeriodDays, MaxRenewals, RenewableDaysBeforeDue, OverdueRenewable, MaxOpenLoans, Renewable,
            LoanPolicyCodes.TryParseRenewFrom(RenewFrom, out var from) ? from : Domain.Loans.RenewFrom.Today, RecallReturnDays, GuaranteedLoanDays));
    }
}
