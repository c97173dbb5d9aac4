using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// Staff lend an item at the desk. The reader's row is locked first, so that two desks lending to one reader at once
/// cannot both pass the open-loan limit; then the item's, so that it goes out once. The unique index on open loans
/// is the last word.
/// </summary>
public sealed class CheckOutItem(ICirculation circulation, LibraryClock clock)
{
    public async Task<CheckoutOutcome> HandleAsync(string cardNumber, string barcode, long staffId, CancellationToken cancellationToken)
    {
        barcode = Catalogue.Barcode.Normalize(barcode);
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.LockPatronAsync(cardNumber.Trim(), cancellationToken) is not { } reader)
            return new CheckoutOutcome.NoSuchPatron();
        var found = await work.LockItemForCheckoutAsync(reader, barcode, cancellationToken);
        var today = clock.Today;
        var decision = CheckoutRules.Decide(reader, barcode, found, today);
        if (decision is CheckoutDecision.Refused refused)
            return new CheckoutOutcome.Refused(refused.Reasons);
        if (decision is not CheckoutDecision.Allowed allowed || found is null)
            throw new InvalidOperationException("Unknown checkout decision.");

        var actor = AuditEntry.Staff(staffId);
        var item = found.Item;
        // Only the copy waiting on the hold shelf fills the reader's hold; another copy of the title leaves it ready.
        var filled = item.Status == DeskItem.OnHoldShelf ? found.ReadersReadyHold : null;
        if (await work.OpenLoanAsync(new NewLoan(reader.Id, item.Id, today, allowed.DueOn, clock.UtcNow, actor, filled), cancellationToken) is not { } loanId)
            return new CheckoutOutcome.Refused([new CheckoutRefusal.ItemNotAvailable(DeskItem.OnLoan)]);
        await work.AuditAsync(new AuditEntry(actor, "loan.checked_out", $"loan:{loanId}", new Dictionary<string, string?>
        {
            ["patron"] = reader.Id.ToString(CultureInfo.InvariantCulture),
            ["barcode"] = item.Barcode,
            ["dueOn"] = IsoDate.Format(allowed.DueOn),
            ["hold"] = filled?.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        await work.CommitAsync(cancellationToken);
        var loan = new Loan(loanId, reader.Id, item.Barcode, item.Title, item.Author, item.CallNumber, item.BranchCode, item.ItemType,
            today, allowed.DueOn, 0, false, null);
        return new CheckoutOutcome.CheckedOut(reader, loan);
    }
}

/// <summary>What became of a checkout at the desk.</summary>
public abstract record CheckoutOutcome
{
    private CheckoutOutcome()
    {
    }

    public sealed record CheckedOut(Patron Reader, Loan Loan) : CheckoutOutcome;

    /// <summary>Every reason that applies; nothing changed.</summary>
    public sealed record Refused(IReadOnlyList<CheckoutRefusal> Reasons) : CheckoutOutcome;

    /// <summary>No patron has the card number.</summary>
    public sealed record NoSuchPatron : CheckoutOutcome;
}
