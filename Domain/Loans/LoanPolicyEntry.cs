using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>One row of the policy table.</summary>
public sealed record LoanPolicyEntry(PatronGroup Group, string ItemType, LoanPolicy Policy);
