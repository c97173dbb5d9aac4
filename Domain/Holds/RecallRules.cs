using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Holds;

/// <summary>
/// Recalls (预约催还), as FOLIO makes them. While more readers wait than copies are coming (recalled loans, and copies
/// in transit with no hold, which serve the queue when they arrive), a hold recalls one more loan: the one furthest past its guaranteed period. Its due date becomes max(recall date + return interval,
/// checkout + guaranteed period), moved off closed days, and never later than it was.
/// </summary>
public static class RecallRules
{
    public static bool NeedsAnotherRecall(RecallDemand demand, IEnumerable<RecallCandidate> openLoans) =>
        openLoans.Count(l => l.Recalled) + demand.CopiesOnTheirWay < demand.WaitingHolds;

    /// <summary>The loan to recall, or null when every open loan of the title is recalled already.</summary>
    public static RecallCandidate? Pick(IEnumerable<RecallCandidate> openLoans) =>
        openLoans.Where(l => !l.Recalled)
            .OrderBy(l => l.GuaranteedUntil)
            .ThenBy(l => l.LoanedOn)
            .ThenBy(l => l.LoanId)
            .FirstOrDefault();

    public static DateOnly RecalledDueDate(RecallCandidate loan, DateOnly recalledOn)
    {
        var byInterval = recalledOn.AddDays(loan.Policy.ReturnDays);
        var due = byInterval > loan.GuaranteedUntil ? byInterval : loan.GuaranteedUntil;
        due = loan.Calendar.OpenOnOrAfter(due) ?? due;
        return due < loan.DueOn ? due : loan.DueOn;
    }
}

/// <summary>The two recall intervals of a loan policy, in days.</summary>
public sealed record RecallPolicy(int ReturnDays, int GuaranteedDays)
{
    /// <summary>For a loan whose group and type have no policy: a week to return, two weeks guaranteed.</summary>
    public static readonly RecallPolicy Default = new(7, 14);
}

/// <summary>An open loan of a held title, with its recall policy and the calendar of the item's branch.</summary>
public sealed record RecallCandidate(
    long LoanId,
    long PatronId,
    string Barcode,
    DateOnly LoanedOn,
    DateOnly DueOn,
    bool Recalled,
    RecallPolicy Policy,
    LibraryCalendar Calendar)
{
    public DateOnly GuaranteedUntil => LoanedOn.AddDays(Policy.GuaranteedDays);
}

/// <summary>A title's queue as recalls see it: holds waiting for a copy, and copies travelling with no hold yet.</summary>
public sealed record RecallDemand(int WaitingHolds, int CopiesOnTheirWay);
