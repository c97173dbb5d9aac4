namespace WeChatLib.Domain.Holds;

/// <summary>Every patron group's hold policy, as staff review them.</summary>
public sealed class ListHoldPolicies(IHoldPolicies policies)
{
    public Task<IReadOnlyList<HoldPolicyEntry>> HandleAsync(CancellationToken cancellationToken) => policies.ListAsync(cancellationToken);
}
