namespace WeChatLib.Domain.Loans;

/// <summary>A loan in a reader's history, open or returned, with who lent and took it back and every renewal.</summary>
public sealed record LoanOnRecord(
    Loan Loan,
    DateTimeOffset CheckedOutAt,
    string CheckedOutBy,
    string? ReturnedBy,
    IReadOnlyList<RenewalOnRecord> Renewals);

/// <summary>A renewal as kept: when, by whom, through which channel, the due dates and any override with its comment.</summary>
public sealed record RenewalOnRecord(
    DateTimeOffset RenewedAt,
    string Actor,
    RenewalChannel Channel,
    DateOnly OldDueOn,
    DateOnly NewDueOn,
    IReadOnlyList<string> Overridden,
    string? OverrideComment);
