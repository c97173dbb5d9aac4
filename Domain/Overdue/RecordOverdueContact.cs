using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Overdue;

/// <summary>
/// Staff record a contact with the borrower of an overdue loan: when, through which channel, what came of it, a note and
/// when to follow up. Only an open overdue loan is chased: a return closes the case, and a contact after it is refused.
/// The loan is locked while the contact is kept, so a return and a contact take turns. Audited as the signed-in staff member.
/// </summary>
public sealed class RecordOverdueContact(IOverdueDesk desk, LibraryClock clock)
{
    // Staff clocks drift a little; a contact stamped a moment ahead of ours is still "now".
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);
    private const int MaxFollowUpDays = 366;

    public async Task<OverdueContactOutcome> HandleAsync(long staffId, long loanId, OverdueContactRequest request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var today = clock.Today;
        var problems = new Dictionary<string, string[]>();
        var channel = request.Channel?.Trim().ToLowerInvariant() ?? "";
        if (!OverdueContactCodes.Channels.Contains(channel))
            problems["channel"] = [$"one of {string.Join(", ", OverdueContactCodes.Channels)}"];
        var outcome = request.Outcome?.Trim().ToLowerInvariant() ?? "";
        if (!OverdueContactCodes.Outcomes.Contains(outcome))
            problems["outcome"] = [$"one of {string.Join(", ", OverdueContactCodes.Outcomes)}"];
        var note = request.Note?.Trim() ?? "";
        if (note.Length > OverdueContactCodes.MaxNoteLength)
            problems["note"] = [$"at most {OverdueContactCodes.MaxNoteLength} characters"];
        DateOnly? nextFollowUpOn = null;
        if (!string.IsNullOrWhiteSpace(request.NextFollowUpOn))
        {
            if (!DateOnly.TryParseExact(request.NextFollowUpOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                problems["nextFollowUpOn"] = ["a date, YYYY-MM-DD"];
            else if (date < today)
                problems["nextFollowUpOn"] = [$"today ({IsoDate.Format(today)}) or later"];
            else if (date > today.AddDays(MaxFollowUpDays))
                problems["nextFollowUpOn"] = ["within a year"];
            else
                nextFollowUpOn = date;
        }
        if (request.ContactedAt is { } given && given > now + ClockSkew)
            problems["contactedAt"] = ["not in the future"];
        if (problems.Count > 0)
            return new OverdueContactOutcome.Invalid(problems);

        await using var work = await desk.BeginAsync(cancellationToken);
        if (await work.LockLoanAsync(loanId, cancellationToken) is not { } loan)
            return new OverdueContactOutcome.NoSuchLoan();
        if (loan.ReturnedAt is { } returnedAt)
            return new OverdueContactOutcome.CaseClosed(returnedAt);
        if (loan.DueOn >= today)
            return new OverdueContactOutcome.NotOverdue(loan.DueOn);

        var contactedAt = request.ContactedAt is { } at && at < now ? at.ToUniversalTime() : now;
        var contact = new NewOverdueContact(loanId, staffId, contactedAt, channel, outcome, note, nextFollowUpOn);
        var kept = await work.AddContactAsync(contact, cancellationToken);
        // The note stays with the contact, where only the desk reads it; the audit log says that one was written.
        await work.AuditAsync(new AuditEntry(AuditEntry.Staff(staffId), "loan.overdue_contact", $"loan:{loanId}", new Dictionary<string, string?>
        {
            ["contact"] = kept.Id.ToString(CultureInfo.InvariantCulture),
            ["patron"] = loan.PatronId.ToString(CultureInfo.InvariantCulture),
            ["channel"] = channel,
            ["outcome"] = outcome,
            ["contactedAt"] = contactedAt.ToString("O", CultureInfo.InvariantCulture),
            ["nextFollowUpOn"] = nextFollowUpOn is { } next ? IsoDate.Format(next) : null,
            ["noteLength"] = note.Length.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new OverdueContactOutcome.Recorded(kept, today.DayNumber - loan.DueOn.DayNumber);
    }
}

/// <param name="Channel"><c>phone</c>, <c>wechat</c>, <c>email</c>, <c>enterprise_chat</c> or <c>in_person</c>.</param>
/// <param name="Outcome"><c>reached</c>, <c>promised_return</c>, <c>no_answer</c>, <c>message_left</c>, <c>wrong_contact</c>, <c>disputed</c> or <c>other</c>.</param>
/// <param name="Note">What was said, up to 2000 characters.</param>
/// <param name="NextFollowUpOn">When to follow up, <c>YYYY-MM-DD</c>, today or later.</param>
/// <param name="ContactedAt">When the contact took place, if not now; never in the future.</param>
public sealed record OverdueContactRequest(string? Channel, string? Outcome, string? Note, string? NextFollowUpOn, DateTimeOffset? ContactedAt);

public abstract record OverdueContactOutcome
{
    private OverdueContactOutcome()
    {
    }

    /// <param name="Contact">The contact as kept.</param>
    /// <param name="DaysOverdue">How overdue the loan was when the contact was recorded.</param>
    public sealed record Recorded(OverdueContact Contact, int DaysOverdue) : OverdueContactOutcome;

    /// <summary>Nothing was kept; each problem names its field.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : OverdueContactOutcome;

    public sealed record NoSuchLoan : OverdueContactOutcome;

    /// <summary>The item came back at <paramref name="ReturnedAt"/>: the case is closed and its history stays as it was.</summary>
    public sealed record CaseClosed(DateTimeOffset ReturnedAt) : OverdueContactOutcome;

    /// <summary>The loan is open but not past its due date yet.</summary>
    public sealed record NotOverdue(DateOnly DueOn) : OverdueContactOutcome;
}
