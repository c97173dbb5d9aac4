using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Holds;

/// <summary>
/// The last day a reader may collect a copy from the hold shelf: the Nth day the pickup branch is open after the day
/// it was shelved, so that a holiday week does not eat the reader's time.
/// </summary>
public static class PickupDeadline
{
    public static DateOnly For(DateOnly shelvedOn, int openDays, LibraryCalendar calendar)
    {
        var day = shelvedOn;
        for (var counted = 0; counted < openDays;)
        {
            // A calendar with no open day in reach counts plain days rather than inventing one.
            if (calendar.OpenOnOrAfter(day.AddDays(1)) is not { } open || open.DayNumber - day.DayNumber > LibraryCalendar.SearchDays)
                return shelvedOn.AddDays(openDays);
            day = open;
            counted++;
        }
        return day;
    }
}
