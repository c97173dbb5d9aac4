using WeChatLib.Domain.Audit;
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

    /// <summary>The item and its open loan, both locked; null when no item has the barcode.</summary>
    Task<CheckinCase?> LockItemForCheckinAsync(string barcode, CancellationToken cancellationToken);

    /// <summary>Closes the loan and makes its item available again.</summary>
    Task CloseLoanAsync(long loanId, long itemId, DateTimeOffset returnedAt, string actor, CancellationToken cancellationToken);

    Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A reader and their open loans, sorted by due date.</summary>
public sealed record ReaderLoans(Patron Reader, IReadOnlyList<RenewalCase> Loans);
