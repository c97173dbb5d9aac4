using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Holds;

/// <summary>
/// A reader queues for a title whose copies are all out (预约). The reader's row is locked (the open-holds limit holds
/// under parallel requests), then the title's (holds on one title take turns, so each is told its true place). If more
/// readers now wait than recalled copies are due back, the loan furthest past its guaranteed period is recalled
/// (预约催还), with its notice, in the same transaction.
/// </summary>
public sealed class PlaceHold(ICirculation circulation, LibraryClock clock)
{
    public async Task<HoldPlacement> HandleAsync(ReaderRef reader, TitleRef title, string? pickupBranch, DateOnly? notNeededAfter,
        CancellationToken cancellationToken)
    {
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.LockReaderAsync(reader, cancellationToken) is not { } patron)
            return new HoldPlacement.NoSuchReader();
        var today = clock.Today;
        var found = await work.LockTitleForHoldAsync(patron, title, cancellationToken);
        var decision = HoldRules.Decide(patron, found, pickupBranch, notNeededAfter, today);
        if (decision is HoldDecision.Refused refused)
            return new HoldPlacement.Refused(refused.Reasons, patron.PreferredLanguage);
        if (decision is not HoldDecision.Allowed { PickupBranch: var pickup } || found is not { } titleCase)
            throw new InvalidOperationException("Unknown hold decision.");

        if (await work.AddHoldAsync(new NewHold(patron.Id, titleCase.TitleId, pickup.Id, notNeededAfter, clock.UtcNow), cancellationToken) is not { } holdId)
            return new HoldPlacement.Refused([new HoldRefusal.AlreadyHeld()], patron.PreferredLanguage);
        var actor = AuditEntry.Patron(patron.Id);
        await work.AuditAsync(new AuditEntry(actor, "hold.placed", $"hold:{holdId}", new Dictionary<string, string?>
        {
            ["title"] = titleCase.TitleId.ToString(CultureInfo.InvariantCulture),
            ["pickup"] = pickup.Code,
            ["notNeededAfter"] = notNeededAfter is { } last ? IsoDate.Format(last) : null,
        }), cancellationToken);
        var recall = await RecallIfNeededAsync(work, titleCase, actor, cancellationToken);
        var position = await work.QueuePositionAsync(holdId, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new HoldPlacement.Placed(holdId, titleCase.Title, pickup, position, recall is not null, patron.PreferredLanguage);
    }

    private async Task<RecallCandidate?> RecallIfNeededAsync(ICirculationWork work, HoldRequestCase title, string actor, CancellationToken cancellationToken)
    {
        var loans = await work.LockLoansForRecallAsync(title.TitleId, cancellationToken);
        var demand = await work.RecallDemandAsync(title.TitleId, cancellationToken);
        if (!RecallRules.NeedsAnotherRecall(demand, loans) || RecallRules.Pick(loans) is not { } loan)
            return null;
        var dueOn = RecallRules.RecalledDueDate(loan, clock.Today);
        if (!await work.RecallLoanAsync(loan.LoanId, dueOn, clock.UtcNow, cancellationToken))
            return null;
        await work.EnqueueAsync(Notice.ForPatron($"recall:{loan.LoanId}", NoticeKind.Recall, loan.PatronId, new Dictionary<string, string>
        {
            ["title"] = title.Title,
            ["barcode"] = loan.Barcode,
            ["returnBy"] = IsoDate.Format(dueOn),
            ["previousDueDate"] = IsoDate.Format(loan.DueOn),
        }), cancellationToken);
        await work.AuditAsync(new AuditEntry(actor, "loan.recalled", $"loan:{loan.LoanId}", new Dictionary<string, string?>
        {
            ["patron"] = loan.PatronId.ToString(CultureInfo.InvariantCulture),
            ["oldDueOn"] = IsoDate.Format(loan.DueOn),
            ["newDueOn"] = IsoDate.Format(dueOn),
        }), cancellationToken);
        return loan;
    }
}

public abstract record HoldPlacement
{
    private HoldPlacement()
    {
    }

    /// <param name="Position">The hold's place in the queue (1 is next).</param>
    /// <param name="RecalledACopy">Whether placing it recalled a loan.</param>
    /// <param name="Language">The reader's language, to tell them.</param>
    public sealed record Placed(long HoldId, string Title, BranchRef PickupBranch, int Position, bool RecalledACopy, Language Language) : HoldPlacement;

    /// <summary>Every reason that applies, to be told in the reader's <paramref name="Language"/>; nothing changed.</summary>
    public sealed record Refused(IReadOnlyList<HoldRefusal> Reasons, Language Language) : HoldPlacement;

    public sealed record NoSuchReader : HoldPlacement;
}
