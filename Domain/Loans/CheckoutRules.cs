using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// The checkout decision at the desk, answering every reason at once as the renewal decision does. Pure: the caller
/// passes the library's date and the item as it stands under its lock.
/// </summary>
public static class CheckoutRules
{
    /// <param name="item">Null when no item has the barcode.</param>
    public static CheckoutDecision Decide(Patron reader, string barcode, CheckoutCase? item, DateOnly today)
    {
        List<CheckoutRefusal> reasons = [];
        switch (reader.StandingOn(today))
        {
            case Standing.Restricted:
                reasons.Add(new CheckoutRefusal.PatronRestricted(reader.RestrictionReason ?? ""));
                break;
            case Standing.Expired:
                reasons.Add(new CheckoutRefusal.PatronExpired(reader.ExpiresOn));
                break;
        }

        if (item is null)
        {
            return new CheckoutDecision.Refused([new CheckoutRefusal.NoSuchItem(barcode), .. reasons]);
        }

        switch (item.Item.Status)
        {
            case DeskItem.Available:
                break;
            // The reader collecting their own hold may take it; anyone else's waiting copy stays on the shelf.
            case DeskItem.OnHoldShelf when item.ReadersReadyHold is not null:
                break;
            case DeskItem.OnHoldShelf when item.ReadyForAnotherReader:
                reasons.Add(new CheckoutRefusal.OnHoldForAnotherReader());
                break;
            default:
                reasons.Add(new CheckoutRefusal.ItemNotAvailable(item.Item.Status));
                break;
        }

        LoanPolicy? policy = null;
        switch (item.Policy)
        {
            case PolicyResolution.Found found:
                policy = found.Policy;
                if (item.OpenLoansOfType >= policy.MaxOpenLoans)
                {
                    reasons.Add(new CheckoutRefusal.TooManyLoans(item.Item.ItemType, item.OpenLoansOfType, policy.MaxOpenLoans));
                }

                break;
            default:
                reasons.Add(new CheckoutRefusal.NoPolicy(reader.Group, item.Item.ItemType));
                break;
        }

        return reasons.Count > 0 || policy is null
            ? new CheckoutDecision.Refused(reasons)
            : new CheckoutDecision.Allowed(DueDateCalculator.CheckoutDueDate(today, policy, reader.ExpiresOn, item.Calendar));
    }
}
