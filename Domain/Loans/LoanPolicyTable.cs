using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>The library's loan policies, one per patron group × item type; a pair with no policy cannot circulate.</summary>
public sealed class LoanPolicyTable(IEnumerable<LoanPolicyEntry> entries)
{
    private readonly Dictionary<(PatronGroup, string), LoanPolicy> policies =
        entries.ToDictionary(e => (e.Group, e.ItemType), e => e.Policy);

    public PolicyResolution Resolve(PatronGroup group, string itemType) =>
        policies.TryGetValue((group, itemType), out var policy)
            ? new PolicyResolution.Found(policy)
            : new PolicyResolution.NoPolicy(group, itemType);
}
