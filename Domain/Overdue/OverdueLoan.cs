using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Overdue;

/// <summary>An overdue loan on the follow-up list: the item, the borrower and how to reach them, and where the chase stands.</summary>
/// <param name="WeChatBound">Whether the borrower's card is bound to WeChat (the library keeps no phone or e-mail).</param>
/// <param name="LastContact">The latest contact about the loan; null when nobody has called yet.</param>
public sealed record OverdueLoan(
    long LoanId,
    string Barcode,
    string Title,
    string BranchCode,
    OverdueBorrower Borrower,
    DateOnly DueOn,
    int DaysOverdue,
    OverdueContact? LastContact)
{
    /// <summary>When to call again, as the last contact planned it; null when never contacted or nothing was planned.</summary>
    public DateOnly? NextFollowUpOn => LastContact?.NextFollowUpOn;
}

/// <summary>The borrower as the follow-up desk needs them: who, which group and college, and how they can be reached.</summary>
public sealed record OverdueBorrower(string CardNumber, string Name, PatronGroup Group, string College, string Campus, bool WeChatBound);

/// <summary>A contact as kept: when, by whom, through which channel, what came of it, and when to follow up.</summary>
public sealed record OverdueContact(
    long Id,
    DateTimeOffset ContactedAt,
    long StaffId,
    string StaffName,
    string Channel,
    string Outcome,
    string Note,
    DateOnly? NextFollowUpOn);
