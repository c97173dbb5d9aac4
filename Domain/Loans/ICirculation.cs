using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// The library's circulation as the use cases see it: the PostgreSQL store today, a live ILS connector tomorrow. Reads
/// answer from committed state; changes go through <see cref="BeginAsync"/>, one transaction each.
/// </summary>
public interface ICirculation
{
    /// <summary>The reader and their open loans, each ready for its renewal preflight; null when no such reader.</summary>
    Task<ReaderLoans?> OpenLoansAsync(ReaderRef reader, CancellationToken cancellationToken);

    /// <summary>
    /// The patron's loans, open and returned, newest checkout first, each with its renewals; <paramref name="before"/>
    /// (a loan id from the previous page) continues after that loan.
    /// </summary>
    Task<IReadOnlyList<LoanOnRecord>> LoanHistoryAsync(long patronId, long? before, int limit, CancellationToken cancellationToken);

    /// <summary>The title with the ISBN-13 and every copy of it that circulates (withdrawn copies left out); null when none.</summary>
    Task<TitleAvailability?> TitleAvailabilityAsync(string isbn13, CancellationToken cancellationToken);

    /// <summary>The reader's open holds (waiting ones with their queue position) and those ended in the last 30 days.</summary>
    Task<ReaderHolds?> HoldsOfAsync(ReaderRef reader, CancellationToken cancellationToken);

    /// <summary>The title's queue for staff; null when no title has the id.</summary>
    Task<HoldQueueOfTitle?> HoldQueueAsync(long titleId, CancellationToken cancellationToken);

    /// <summary>The branch's hold shelf: ready holds by pickup deadline, then copies on their way to it. Null for an unknown branch.</summary>
    Task<IReadOnlyList<StaffHold>?> HoldShelfAsync(string branchCode, CancellationToken cancellationToken);

    /// <summary>Copies in transit, oldest first: to <paramref name="branchCode"/> if given, else all.</summary>
    Task<IReadOnlyList<TransitItem>> TransitsAsync(string? branchCode, CancellationToken cancellationToken);

    /// <summary>Holds whose time ran out before <paramref name="today"/>: ready past their pickup day, waiting past the reader's date.</summary>
    Task<IReadOnlyList<long>> HoldsToExpireAsync(DateOnly today, CancellationToken cancellationToken);

    Task<ICirculationWork> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One transaction over circulation: rows read through it are locked until <see cref="CommitAsync"/>, and every change,
/// its audit row and its notices commit together or not at all. Disposing without committing rolls back.
/// </summary>
public interface ICirculationWork : IAsyncDisposable
{
    Task<Patron?> FindReaderAsync(ReaderRef reader, CancellationToken cancellationToken);

    /// <summary>The loan as it stands, without a lock (a preview); null when there is none.</summary>
    Task<RenewalCase?> FindLoanAsync(LoanRef loan, CancellationToken cancellationToken);

    /// <summary>The loan, locked against any other change until this work ends; null when there is none.</summary>
    Task<RenewalCase?> LockLoanAsync(LoanRef loan, CancellationToken cancellationToken);

    /// <summary>The patron's open loans, locked in id order so that two renewals of the same loans never deadlock.</summary>
    Task<IReadOnlyList<RenewalCase>> LockOpenLoansAsync(long patronId, CancellationToken cancellationToken);

    /// <summary>Moves the loan's due date, counts the renewal and keeps its record.</summary>
    Task RecordRenewalAsync(RenewalRecord renewal, CancellationToken cancellationToken);

    /// <summary>The patron with the card, locked: checkouts for one reader wait for each other here. Null when none.</summary>
    Task<Patron?> LockPatronAsync(string cardNumber, CancellationToken cancellationToken);

    /// <summary>
    /// The item, locked, with what its checkout to <paramref name="reader"/> depends on, read after the lock; null when no
    /// item has the barcode.
    /// </summary>
    Task<CheckoutCase?> LockItemForCheckoutAsync(Patron reader, string barcode, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the loan, puts the item on loan and fills the reader's own hold if the loan collects one. The loan's id,
    /// or null when the item already has an open loan (the work can then only be abandoned).
    /// </summary>
    Task<long?> OpenLoanAsync(NewLoan loan, CancellationToken cancellationToken);

    /// <summary>
    /// The item and its open loan, both locked; null when no item has the barcode. The item's title is locked first, as
    /// every change to a title's holds does, so that a return and a new hold or a cancellation take turns.
    /// </summary>
    Task<CheckinCase?> LockItemForCheckinAsync(string barcode, CancellationToken cancellationToken);

    /// <summary>Closes the loan; the item's next place is for routing to set.</summary>
    Task CloseLoanAsync(long loanId, long itemId, DateTimeOffset returnedAt, string actor, CancellationToken cancellationToken);

    Task<BranchRef?> FindBranchAsync(string code, CancellationToken cancellationToken);

    /// <summary>The branch's calendar as it stands in this transaction.</summary>
    Task<LibraryCalendar> CalendarAsync(short branchId, CancellationToken cancellationToken);

    /// <summary>The reader, locked: their holds and checkouts wait for each other here. Null when none.</summary>
    Task<Patron?> LockReaderAsync(ReaderRef reader, CancellationToken cancellationToken);

    /// <summary>The title, locked, with what a hold on it by <paramref name="reader"/> depends on; null when no such title.</summary>
    Task<HoldRequestCase?> LockTitleForHoldAsync(Patron reader, TitleRef title, CancellationToken cancellationToken);

    /// <summary>The new hold's id, or null when the reader already holds the title (the unique index decided).</summary>
    Task<long?> AddHoldAsync(NewHold hold, CancellationToken cancellationToken);

    /// <summary>The waiting hold's place in its title's queue (1 is next).</summary>
    Task<int> QueuePositionAsync(long holdId, CancellationToken cancellationToken);

    /// <summary>The title's open loans, locked in id order, with their recall policies; read after the title's lock.</summary>
    Task<IReadOnlyList<RecallCandidate>> LockLoansForRecallAsync(long titleId, CancellationToken cancellationToken);

    /// <summary>How many holds on the title wait for a copy, and how many of its copies travel with no hold.</summary>
    Task<RecallDemand> RecallDemandAsync(long titleId, CancellationToken cancellationToken);

    /// <summary>Marks the loan recalled with its new due date; false when it was recalled already.</summary>
    Task<bool> RecallLoanAsync(long loanId, DateOnly newDueOn, DateTimeOffset recalledAt, CancellationToken cancellationToken);

    /// <summary>The hold, locked after its title; null when none has the id.</summary>
    Task<HoldCase?> LockHoldAsync(long holdId, CancellationToken cancellationToken);

    /// <summary>The hold the item is travelling for, locked; null when it travels home.</summary>
    Task<WaitingHold?> LockHoldInTransitAsync(long itemId, CancellationToken cancellationToken);

    /// <summary>The first hold waiting for the title that is still wanted on <paramref name="today"/>, locked; null when none.</summary>
    Task<WaitingHold?> LockNextWaitingHoldAsync(long titleId, DateOnly today, CancellationToken cancellationToken);

    /// <summary>Ends the hold (cancelled, expired or fulfilled) with its reason.</summary>
    Task EndHoldAsync(long holdId, string status, string reason, string actor, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The item goes onto the hold shelf for the hold, which becomes ready until <paramref name="pickupBy"/>.</summary>
    Task PutOnHoldShelfAsync(long itemId, long holdId, DateTimeOffset at, DateOnly pickupBy, CancellationToken cancellationToken);

    /// <summary>The item is in transit to the branch, for the hold if one is given (which is then in transit too).</summary>
    Task SendInTransitAsync(long itemId, short toBranchId, long? holdId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The item is back on the open shelves.</summary>
    Task ShelveAsync(long itemId, CancellationToken cancellationToken);

    /// <summary>Queues the notice in this transaction: it is sent if and only if the change commits.</summary>
    Task EnqueueAsync(Notice notice, CancellationToken cancellationToken);

    Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A reader and their open loans, sorted by due date.</summary>
public sealed record ReaderLoans(Patron Reader, IReadOnlyList<RenewalCase> Loans);
