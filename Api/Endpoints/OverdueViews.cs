using WeChatLib.Domain.Common;
using WeChatLib.Domain.Overdue;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>A page of the overdue follow-up list.</summary>
/// <param name="Loans">Overdue loans, most overdue first.</param>
/// <param name="NextAfter">Pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record OverdueLoanPage(OverdueLoanView[] Loans, string? NextAfter);

/// <summary>An overdue loan as the follow-up desk sees it.</summary>
/// <param name="LoanId">The loan's id.</param>
/// <param name="Barcode">The item's barcode.</param>
/// <param name="Title">The title.</param>
/// <param name="Branch">The item's home branch code.</param>
/// <param name="Borrower">Who has it and how to reach them.</param>
/// <param name="DueOn">Due date, <c>YYYY-MM-DD</c>.</param>
/// <param name="DaysOverdue">Days past the due date, in the library's calendar (due yesterday: 1).</param>
/// <param name="LastContact">The latest contact about the loan; null when nobody has contacted the borrower yet.</param>
/// <param name="NextFollowUpOn">When to follow up, as the last contact planned, <c>YYYY-MM-DD</c>; null when never contacted or none planned.</param>
public sealed record OverdueLoanView(
    long LoanId, string Barcode, string Title, string Branch, OverdueBorrowerView Borrower, string DueOn, int DaysOverdue,
    OverdueContactView? LastContact, string? NextFollowUpOn)
{
    public static OverdueLoanView From(OverdueLoan loan) => new(
        loan.LoanId, loan.Barcode, loan.Title, loan.BranchCode, OverdueBorrowerView.From(loan.Borrower), IsoDate.Format(loan.DueOn),
        loan.DaysOverdue, loan.LastContact is { } last ? OverdueContactView.From(last) : null,
        loan.NextFollowUpOn is { } next ? IsoDate.Format(next) : null);
}

/// <summary>The borrower of an overdue loan. The library keeps no phone number or e-mail address; WeChat is the channel it has.</summary>
/// <param name="CardNumber">Library card number.</param>
/// <param name="Name">Name.</param>
/// <param name="Group">Patron group code.</param>
/// <param name="College">College, possibly empty.</param>
/// <param name="Campus">Campus, possibly empty.</param>
/// <param name="WeChatBound">Whether the card is bound to WeChat, so a WeChat message can reach them.</param>
public sealed record OverdueBorrowerView(string CardNumber, string Name, string Group, string College, string Campus, bool WeChatBound)
{
    public static OverdueBorrowerView From(OverdueBorrower borrower) =>
        new(borrower.CardNumber, borrower.Name, borrower.Group.Code(), borrower.College, borrower.Campus, borrower.WeChatBound);
}

/// <summary>A contact with the borrower about an overdue loan.</summary>
/// <param name="Id">The contact's id.</param>
/// <param name="ContactedAt">When it took place.</param>
/// <param name="StaffId">Who made it.</param>
/// <param name="StaffName">Their display name.</param>
/// <param name="Channel"><c>phone</c>, <c>wechat</c>, <c>email</c>, <c>enterprise_chat</c> or <c>in_person</c>.</param>
/// <param name="Outcome"><c>reached</c>, <c>promised_return</c>, <c>no_answer</c>, <c>message_left</c>, <c>wrong_contact</c>, <c>disputed</c> or <c>other</c>.</param>
/// <param name="Note">What was said; possibly empty.</param>
/// <param name="NextFollowUpOn">When to follow up, <c>YYYY-MM-DD</c>; null when none planned.</param>
public sealed record OverdueContactView(
    long Id, DateTimeOffset ContactedAt, long StaffId, string StaffName, string Channel, string Outcome, string Note, string? NextFollowUpOn)
{
    public static OverdueContactView From(OverdueContact contact) => new(
        contact.Id, contact.ContactedAt, contact.StaffId, contact.StaffName, contact.Channel, contact.Outcome, contact.Note,
        contact.NextFollowUpOn is { } next ? IsoDate.Format(next) : null);
}

/// <param name="Channel">How: <c>phone</c>, <c>wechat</c>, <c>email</c>, <c>enterprise_chat</c> or <c>in_person</c>.</param>
/// <param name="Outcome">What came of it: <c>reached</c>, <c>promised_return</c>, <c>no_answer</c>, <c>message_left</c>, <c>wrong_contact</c>, <c>disputed</c> or <c>other</c>.</param>
/// <param name="Note">What was said, up to 2000 characters.</param>
/// <param name="NextFollowUpOn">When to follow up, <c>YYYY-MM-DD</c>: today or later; left out when none is planned.</param>
/// <param name="ContactedAt">When the contact took place, if not now; never in the future.</param>
public sealed record OverdueContactBody(string? Channel, string? Outcome, string? Note, string? NextFollowUpOn, DateTimeOffset? ContactedAt);

/// <summary>A contact as recorded.</summary>
/// <param name="LoanId">The loan it is about.</param>
/// <param name="DaysOverdue">How many days overdue the loan was when it was recorded.</param>
/// <param name="Contact">The contact as kept.</param>
public sealed record RecordedOverdueContact(long LoanId, int DaysOverdue, OverdueContactView Contact);

/// <summary>A loan's follow-up history.</summary>
/// <param name="LoanId">The loan's id.</param>
/// <param name="Barcode">The item's barcode.</param>
/// <param name="Title">The title.</param>
/// <param name="CardNumber">The borrower's card number.</param>
/// <param name="BorrowerName">The borrower's name.</param>
/// <param name="DueOn">Due date, <c>YYYY-MM-DD</c>.</param>
/// <param name="DaysOverdue">Days overdue today, or on the day of the return once closed; 0 when not overdue.</param>
/// <param name="Closed">Whether the case is closed: the item was returned. No contact can be added then; the history stays.</param>
/// <param name="ClosedAt">When the item came back; null while on loan.</param>
/// <param name="Contacts">Every contact, newest first.</param>
public sealed record LoanFollowUpView(
    long LoanId, string Barcode, string Title, string CardNumber, string BorrowerName, string DueOn, int DaysOverdue, bool Closed,
    DateTimeOffset? ClosedAt, OverdueContactView[] Contacts)
{
    public static LoanFollowUpView From(FollowUpHistory history) => new(
        history.Loan.LoanId, history.Loan.Barcode, history.Loan.Title, history.Loan.CardNumber, history.Loan.BorrowerName,
        IsoDate.Format(history.Loan.DueOn), history.DaysOverdue, history.Closed, history.Loan.ReturnedAt,
        [.. history.Loan.Contacts.Select(OverdueContactView.From)]);
}
