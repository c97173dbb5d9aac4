using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>The library's loan policies as staff manage them; renewals read them through <see cref="ICirculation"/>.</summary>
public interface ILoanPolicies
{
    /// <summary>Every policy, by patron group then item type.</summary>
    Task<IReadOnlyList<LoanPolicyEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces the policy for the group and item type with the one <paramref name="change"/> makes from the
    /// policy it replaces (null when new), with the audit row <paramref name="audit"/> makes from both, in one
    /// transaction: writers take turns, so each change starts from the policy it replaces.
    /// </summary>
    Task<LoanPolicySave> SaveAsync(PatronGroup group, string itemType, Func<LoanPolicy?, LoanPolicy> change,
        Func<LoanPolicy?, LoanPolicy, AuditEntry> audit, CancellationToken cancellationToken);
}

public abstract record LoanPolicySave
{
    private LoanPolicySave()
    {
    }

    /// <param name="Before">The policy replaced; null when the pair had none.</param>
    /// <param name="After">The policy now in force.</param>
    public sealed record Saved(LoanPolicy? Before, LoanPolicy After) : LoanPolicySave;

    public sealed record UnknownItemType : LoanPolicySave;
}
