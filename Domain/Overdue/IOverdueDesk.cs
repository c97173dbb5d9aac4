using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Overdue;

/// <summary>The overdue follow-up desk as its use cases see it: overdue loans with their last contact, and every contact kept.</summary>
public interface IOverdueDesk
{
    /// <summary>
    /// Open loans due before <paramref name="today"/> that pass the filter, most overdue first (due date, then loan id);
    /// <paramref name="after"/> (where the previous page ended) continues after that loan.
    /// </summary>
    Task<IReadOnlyList<OverdueLoan>> OverdueLoansAsync(OverdueFilter filter, DateOnly today, OverdueCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The loan, open or returned, and every contact about it, newest first; null when no loan has the id.</summary>
    Task<LoanFollowUp?> FollowUpAsync(long loanId, CancellationToken cancellationToken);

    Task<IOverdueWork> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>One transaction at the desk; disposing without committing rolls back.</summary>
public interface IOverdueWork : IAsyncDisposable
{
    /// <summary>
    /// The loan, locked against its return until this work ends (a return waits, or has committed and shows); null when
    /// no loan has the id.
    /// </summary>
    Task<OverdueCase?> LockLoanAsync(long loanId, CancellationToken cancellationToken);

    /// <summary>Keeps the contact; as kept, with the staff member's name.</summary>
    Task<OverdueContact> AddContactAsync(NewOverdueContact contact, CancellationToken cancellationToken);

    Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>What recording a contact depends on: whether the loan is still open, and since when it is overdue.</summary>
public sealed record OverdueCase(long LoanId, long PatronId, DateOnly DueOn, DateTimeOffset? ReturnedAt);

public sealed record NewOverdueContact(
    long LoanId, long StaffId, DateTimeOffset ContactedAt, string Channel, string Outcome, string Note, DateOnly? NextFollowUpOn);
