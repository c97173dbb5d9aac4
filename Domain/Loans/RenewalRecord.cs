namespace WeChatLib.Domain.Loans;

/// <summary>One renewal as it is kept: who, through which channel, the due dates before and after, any override.</summary>
public sealed record RenewalRecord(
    long LoanId,
    string Actor,
    RenewalChannel Channel,
    DateOnly OldDueOn,
    DateOnly NewDueOn,
    IReadOnlyList<string> Overridden,
    string? OverrideComment);
