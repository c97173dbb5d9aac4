using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Holds;

/// <summary>The hold policies per patron group as staff manage them; holds read them through <see cref="Loans.ICirculation"/>.</summary>
public interface IHoldPolicies
{
    /// <summary>Every group's hold policy, by patron group.</summary>
    Task<IReadOnlyList<HoldPolicyEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces the group's hold policy, with the audit row <paramref name="audit"/> makes from the policy it
    /// replaces (null when new), in one transaction. Returns the policy replaced.
    /// </summary>
    Task<HoldPolicy?> SaveAsync(HoldPolicyEntry entry, Func<HoldPolicy?, AuditEntry> audit, CancellationToken cancellationToken);
}

/// <summary>One row of the hold policy table.</summary>
public sealed record HoldPolicyEntry(PatronGroup Group, HoldPolicy Policy);
