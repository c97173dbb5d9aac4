namespace WeChatLib.Domain.Loans;

/// <summary>
/// An item with everything its checkout to one reader depends on: the policy for the reader's group and the item's
/// type, the reader's open loans of that type, the holds waiting on the hold shelf, and the home branch's calendar.
/// </summary>
/// <param name="ReadyForAnotherReader">Another reader's hold on the title is ready for pickup.</param>
/// <param name="ReadersReadyHold">The reader's own hold on the title that is ready for pickup, if any; the checkout fills it.</param>
public sealed record CheckoutCase(
    DeskItem Item,
    PolicyResolution Policy,
    int OpenLoansOfType,
    bool ReadyForAnotherReader,
    long? ReadersReadyHold,
    LibraryCalendar Calendar);
