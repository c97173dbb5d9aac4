using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Overdue;

/// <summary>
/// Every contact about a loan, newest first, and whether its case is still open: a return closes it, and the history
/// stays readable after.
/// </summary>
public sealed class LoanFollowUpHistory(IOverdueDesk desk, LibraryClock clock)
{
    /// <summary>Null when no loan has the id.</summary>
    public async Task<FollowUpHistory?> HandleAsync(long loanId, CancellationToken cancellationToken)
    {
        if (await desk.FollowUpAsync(loanId, cancellationToken) is not { } found)
            return null;
        // A closed case stays as overdue as it was on the day the item came back.
        var lastDay = found.ReturnedAt is { } returned ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(returned, clock.Zone).DateTime) : clock.Today;
        return new FollowUpHistory(found, Math.Max(0, lastDay.DayNumber - found.DueOn.DayNumber));
    }
}

/// <summary>A loan with its contacts as kept, newest first.</summary>
/// <param name="ReturnedAt">When the item came back, which closed the case; null while on loan.</param>
public sealed record LoanFollowUp(
    long LoanId, string Barcode, string Title, string CardNumber, string BorrowerName, DateOnly DueOn, DateTimeOffset? ReturnedAt,
    IReadOnlyList<OverdueContact> Contacts);

/// <param name="DaysOverdue">Days overdue today, or on the day of the return for a closed case; 0 when not overdue.</param>
public sealed record FollowUpHistory(LoanFollowUp Loan, int DaysOverdue)
{
    public bool Closed => Loan.ReturnedAt is not null;
}
