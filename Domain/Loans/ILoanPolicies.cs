using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Loans;

/// <summary>The library's loan policies as staff manage them; renewals read them through <see cref="ICirculation"/>.</summary>
public interface ILoanPolicies
{
    /// <summary>Every policy, by patron group then item type.</summary>
    Task<IReadOnlyList<LoanPolicyEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces the policy for its group and item type, with the audit row <paramref name="audit"/> makes from the
    /// policy it replaces (null when new), in one transaction.
    /// </summary>
    Task<LoanPolicySave> SaveAsync(LoanPolicyEntry entry, Func<LoanPolicy?, AuditEntry> audit, CancellationToken cancellationToken);
}

public abstract record LoanPolicySave
{
    private LoanPolicySave()
    {
    }

    /// <param name="Before">The policy replaced; null when the pair had none.</param>
    public sealed record Saved(LoanPolicy? Before) : LoanPolicySave;

    public sealed record UnknownItemType : LoanPolicySave;
}
