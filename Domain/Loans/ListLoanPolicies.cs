namespace WeChatLib.Domain.Loans;

/// <summary>Every loan policy, as staff review them.</summary>
public sealed class ListLoanPolicies(ILoanPolicies policies)
{
    public Task<IReadOnlyList<LoanPolicyEntry>> HandleAsync(CancellationToken cancellationToken) => policies.ListAsync(cancellationToken);
}
