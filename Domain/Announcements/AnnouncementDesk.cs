using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Announcements;

/// <summary>
/// The announcer's desk: draft, see whom it reaches, schedule or send now, follow, cancel. Each change is audited; sending
/// resolves the audience at once (set-based) so that staff see the count, and the workers send the batches.
/// </summary>
public sealed class AnnouncementDesk(IAnnouncements announcements, LibraryClock clock, IMassMessageSettings settings)
{
    // More due at once than this wait for the schedule's next turn.
    private const int DueAtOnce = 50;

    public async Task<DraftOutcome> DraftAsync(AnnouncementRequest request, long staffId, CancellationToken cancellationToken)
    {
        if (AnnouncementRules.Check(request) is not AnnouncementDraftCheck.Valid draft)
            return new DraftOutcome.Invalid(((AnnouncementDraftCheck.Invalid)AnnouncementRules.Check(request)).Problems);
        var created = await announcements.CreateAsync(draft, AuditEntry.Staff(staffId), cancellationToken);
        return new DraftOutcome.Drafted(created, await ReachAsync(created.Audience, cancellationToken));
    }

    /// <summary>Whom the audience names now, and how many of them the month's cap keeps it from reaching.</summary>
    public Task<AudienceReach> ReachAsync(Audience audience, CancellationToken cancellationToken) =>
        announcements.ReachAsync(audience, Today(), Month(), settings.MonthlyLimit, cancellationToken);

    public async Task<(Announcement Announcement, AudienceReach Reach)?> FindAsync(long id, CancellationToken cancellationToken) =>
        await announcements.FindAsync(id, cancellationToken) is { } found ? (found, await ReachAsync(found.Audience, cancellationToken)) : null;

    /// <summary>
    /// An uploaded list of card numbers becomes the audience of a draft or scheduled announcement. The answer names the
    /// cards no reader has and those whose readers are not on WeChat, so that none is dropped unseen. Audited (the count).
    /// </summary>
    public async Task<CardsOutcome> SetCardsAsync(long id, string list, long staffId, CancellationToken cancellationToken)
    {
        var read = CardList.Read(list);
        if (!read.Accepted)
            return new CardsOutcome.Invalid(read);
        var audience = new Audience(AudienceKind.Cards, read.Cards);
        var set = await announcements.SetAudienceAsync(id, audience, new AuditEntry(AuditEntry.Staff(staffId), "announcement.audience", Target(id),
            new Dictionary<string, string?> { ["audience"] = AudienceKind.Cards.Code(), ["cards"] = read.Cards.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            cancellationToken);
        if (!set)
            return await announcements.FindAsync(id, cancellationToken) is { } found ? new CardsOutcome.NotDraft(found.Status) : new CardsOutcome.NotFound();
        return new CardsOutcome.Set(read.Cards.Count, read.Duplicates, await ReachAsync(audience, cancellationToken));
    }

    /// <summary>Now (<paramref name="sendAt"/> null or past) or at a later time.</summary>
    public async Task<SendOutcome> SendAsync(long id, DateTimeOffset? sendAt, long staffId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        if (sendAt is { } at && at > now)
        {
            if (at > now.AddDays(90))
                return new SendOutcome.Invalid("sendAt: at most 90 days ahead");
            var scheduled = await announcements.ScheduleAsync(id, at, new AuditEntry(AuditEntry.Staff(staffId), "announcement.schedule",
                Target(id), new Dictionary<string, string?> { ["sendAt"] = at.ToString("O") }), cancellationToken);
            return scheduled ? new SendOutcome.Scheduled(at) : await NotSendableAsync(id, cancellationToken);
        }
        var progress = await StartAsync(id, AuditEntry.Staff(staffId), cancellationToken);
        return progress is null ? await NotSendableAsync(id, cancellationToken) : new SendOutcome.Started(progress);
    }

    /// <summary>Starts a draft or a scheduled announcement now, whatever its time (staff's "send now").</summary>
    private Task<AnnouncementProgress?> StartAsync(long id, string actor, CancellationToken cancellationToken) =>
        announcements.StartAsync(id, Today(), Month(), settings.MonthlyLimit, settings.BatchSize, null,
            new AuditEntry(actor, "announcement.send", Target(id)), cancellationToken);

    /// <summary>
    /// The schedule's turn (one instance at a time, by the cluster-safe scheduler): starts each scheduled announcement
    /// whose time has come, and none whose time has not, even one rescheduled while this ran. Returns how many started.
    /// </summary>
    public async Task<int> StartDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var started = 0;
        foreach (var id in await announcements.DueAsync(now, DueAtOnce, cancellationToken))
        {
            if (await announcements.StartAsync(id, Today(), Month(), settings.MonthlyLimit, settings.BatchSize, now,
                    new AuditEntry(AuditEntry.System, "announcement.send", Target(id), new Dictionary<string, string?> { ["scheduled"] = "true" }),
                    cancellationToken) is not null)
                started++;
        }
        return started;
    }

    public async Task<CancelOutcome> CancelAsync(long id, long staffId, CancellationToken cancellationToken)
    {
        if (await announcements.CancelAsync(id, new AuditEntry(AuditEntry.Staff(staffId), "announcement.cancel", Target(id)), cancellationToken))
            return new CancelOutcome.Cancelled((await announcements.ProgressAsync(id, cancellationToken))!);
        return await announcements.FindAsync(id, cancellationToken) is null ? new CancelOutcome.NotFound() : new CancelOutcome.Finished();
    }

    public Task<AnnouncementProgress?> ProgressAsync(long id, CancellationToken cancellationToken) => announcements.ProgressAsync(id, cancellationToken);

    public Task<IReadOnlyList<Announcement>> ListAsync(CancellationToken cancellationToken) => announcements.ListAsync(100, cancellationToken);

    public static string Target(long id) => $"announcement:{id}";

    private async Task<SendOutcome> NotSendableAsync(long id, CancellationToken cancellationToken) =>
        await announcements.FindAsync(id, cancellationToken) is { } found ? new SendOutcome.NotDraft(found.Status) : new SendOutcome.NotFound();

    private AudienceDay Today()
    {
        var today = clock.Today.ToDateTime(TimeOnly.MinValue);
        return new AudienceDay(new DateTimeOffset(today, clock.Zone.GetUtcOffset(today)),
            new DateTimeOffset(today.AddDays(1), clock.Zone.GetUtcOffset(today.AddDays(1))));
    }

    private DateOnly Month() => AnnouncementRules.MonthOf(clock.UtcNow, clock.Zone);
}

/// <summary>How many readers a mass message may go to at once, and WeChat's monthly cap per follower.</summary>
public interface IMassMessageSettings
{
    int BatchSize { get; }

    int MonthlyLimit { get; }
}

public abstract record DraftOutcome
{
    private DraftOutcome()
    {
    }

    public sealed record Drafted(Announcement Announcement, AudienceReach Reach) : DraftOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : DraftOutcome;
}

public abstract record SendOutcome
{
    private SendOutcome()
    {
    }

    public sealed record Started(AnnouncementProgress Progress) : SendOutcome;

    public sealed record Scheduled(DateTimeOffset SendAt) : SendOutcome;

    public sealed record NotDraft(AnnouncementStatus Status) : SendOutcome;

    public sealed record NotFound : SendOutcome;

    public sealed record Invalid(string Problem) : SendOutcome;
}

public abstract record CardsOutcome
{
    private CardsOutcome()
    {
    }

    /// <summary>The audience is now the list's <paramref name="Cards"/> (lines repeating one: <paramref name="Duplicates"/>).</summary>
    public sealed record Set(int Cards, int Duplicates, AudienceReach Reach) : CardsOutcome;

    public sealed record Invalid(CardListRead Read) : CardsOutcome;

    public sealed record NotDraft(AnnouncementStatus Status) : CardsOutcome;

    public sealed record NotFound : CardsOutcome;
}

public abstract record CancelOutcome
{
    private CancelOutcome()
    {
    }

    public sealed record Cancelled(AnnouncementProgress Progress) : CancelOutcome;

    public sealed record Finished : CancelOutcome;

    public sealed record NotFound : CancelOutcome;
}
