using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Announcements;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// Staff announcements (announcer, admin): draft, see whom it reaches this month, preview to one's own WeChat, send now or
/// schedule, follow the progress, cancel what has not left. Readers see the announcements that went out (public).
/// </summary>
public static class AnnouncementEndpoints
{
    // 50,000 cards of 32 characters with their line breaks and a column or two more.
    private const long MaxCardListBytes = 4 * 1024 * 1024;
    private const int MaxRejectedShown = 200;

    public static IEndpointRouteBuilder MapAnnouncementEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/announcements").WithTags("Announcements")
            .MapGet("/", ListPublishedAnnouncements).WithName(nameof(ListPublishedAnnouncements));

        var staff = app.MapGroup("/api/v1/staff/announcements").WithTags("Staff: announcements").RequireStaff(StaffCapability.Announcements)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        staff.MapGet("/", ListAnnouncements).WithName(nameof(ListAnnouncements));
        staff.MapPost("/", DraftAnnouncement).WithName(nameof(DraftAnnouncement)).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        staff.MapGet("/{id:long}", GetAnnouncement).WithName(nameof(GetAnnouncement)).ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapPut("/{id:long}/cards", UploadAnnouncementCards).WithName(nameof(UploadAnnouncementCards))
            .Accepts<CardListLine[]>("text/csv", "text/plain")
            .WithMetadata(new RequestSizeLimitAttribute(MaxCardListBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        staff.MapPost("/{id:long}/preview", PreviewAnnouncement).WithName(nameof(PreviewAnnouncement))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
        staff.MapPost("/{id:long}/send", SendAnnouncement).WithName(nameof(SendAnnouncement))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        staff.MapGet("/{id:long}/progress", GetAnnouncementProgress).WithName(nameof(GetAnnouncementProgress)).ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapPost("/{id:long}/cancel", CancelAnnouncement).WithName(nameof(CancelAnnouncement))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapPost("/preview-recipient/code", IssuePreviewPairingCode).WithName(nameof(IssuePreviewPairingCode));
        staff.MapDelete("/preview-recipient", ForgetPreviewRecipient).WithName(nameof(ForgetPreviewRecipient));
        return app;
    }

    /// <summary>The latest announcements sent to readers, newest first (<c>limit</c> 1–20, default 10).</summary>
    private static async Task<Ok<PublishedAnnouncementView[]>> ListPublishedAnnouncements(int? limit, ReadAnnouncements read, CancellationToken cancellationToken) =>
        TypedResults.Ok((await read.RecentAsync(limit ?? 10, cancellationToken)).Select(PublishedAnnouncementView.From).ToArray());

    /// <summary>The latest 100 announcements, newest first, in every state.</summary>
    private static async Task<Ok<AnnouncementView[]>> ListAnnouncements(AnnouncementDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok((await desk.ListAsync(cancellationToken)).Select(a => AnnouncementView.From(a, null)).ToArray());

    /// <summary>
    /// Drafts an announcement: <c>title</c> (≤ 64), <c>body</c> (≤ 600), optional <c>link</c>, <c>category</c> (notice,
    /// closure, event, resources) and <c>audience</c>: <c>all_followers</c>, <c>patron_groups</c>, <c>campus</c>,
    /// <c>branch</c> (readers with a current loan from, or a seat booking today at, the branch), <c>active_loans</c>,
    /// <c>seat_bookings_today</c> or <c>cards</c> (an uploaded list of card numbers), with <c>audienceValues</c> for the kinds
    /// that name groups, campuses, branch codes or cards. The answer says how many readers it names and how many of them
    /// WeChat's monthly cap on mass messages keeps it from reaching. Audited.
    /// </summary>
    private static async Task<Results<Created<AnnouncementView>, ProblemHttpResult>> DraftAnnouncement(
        AnnouncementBody body, HttpContext context, AnnouncementDesk desk, CancellationToken cancellationToken) =>
        await desk.DraftAsync(new AnnouncementRequest(body.Title, body.Body, body.Link, body.Category, body.Audience, body.AudienceValues),
            context.User.StaffId()!.Value, cancellationToken) switch
        {
            DraftOutcome.Drafted drafted => TypedResults.Created($"/api/v1/staff/announcements/{drafted.Announcement.Id}",
                AnnouncementView.From(drafted.Announcement, drafted.Reach)),
            DraftOutcome.Invalid invalid => ProblemTypes.Problem("validation", "Some fields are invalid; nothing was saved.",
                new Dictionary<string, object?> { ["errors"] = invalid.Problems }),
            _ => throw new InvalidOperationException("Unknown draft outcome."),
        };

    /// <summary>
    /// Makes an uploaded list of card numbers the audience of a draft or scheduled announcement: UTF-8 text, one card per
    /// line (<c>text/plain</c> or <c>text/csv</c>), or CSV (comma, semicolon or tab) whose header names a <c>card</c> or
    /// <c>card_number</c> column, other columns ignored. Cards are matched regardless of case, once each. A list with any
    /// line that is not a card number changes nothing and names every such line. The answer names the cards no reader
    /// has and those whose readers are not on WeChat, and how many it reaches this month. Audited.
    /// </summary>
    private static async Task<Results<Ok<CardListView>, ProblemHttpResult>> UploadAnnouncementCards(
        long id, HttpRequest request, AnnouncementDesk desk, CancellationToken cancellationToken)
    {
        string list;
        try
        {
            // UTF-8 only, strictly: a list saved in GBK is refused rather than read garbled.
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            list = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return ProblemTypes.Problem("bad-request", "The list could not be read: send it as UTF-8 text.");
        }
        return await desk.SetCardsAsync(id, list, request.HttpContext.User.StaffId()!.Value, cancellationToken) switch
        {
            CardsOutcome.Set set => TypedResults.Ok(new CardListView(set.Cards, set.Duplicates, AudienceReachView.From(set.Reach))),
            CardsOutcome.Invalid { Read.Problem: { } problem } => ProblemTypes.Problem("bad-request", problem),
            CardsOutcome.Invalid invalid => ProblemTypes.Problem("import-rejected",
                $"{invalid.Read.Rejected.Count} line(s) are not card numbers; nothing was changed.",
                new Dictionary<string, object?> { ["rejected"] = invalid.Read.Rejected.Take(MaxRejectedShown).ToArray() }),
            CardsOutcome.NotDraft notDraft => ProblemTypes.Problem("conflict", $"The announcement is {notDraft.Status.Code()}: only a draft or a scheduled one takes a new audience."),
            _ => ProblemTypes.NotFound($"No announcement has the id {id}."),
        };
    }

    /// <summary>One announcement, with whom its audience names now and how many of them it cannot reach this month.</summary>
    private static async Task<Results<Ok<AnnouncementView>, ProblemHttpResult>> GetAnnouncement(long id, AnnouncementDesk desk, CancellationToken cancellationToken) =>
        await desk.FindAsync(id, cancellationToken) is { } found
            ? TypedResults.Ok(AnnouncementView.From(found.Announcement, found.Reach))
            : ProblemTypes.NotFound($"No announcement has the id {id}.");

    /// <summary>
    /// Sends the announcement, as readers will get it, to the caller's own WeChat through WeChat's mass-send preview: the
    /// WeChat paired with <c>POST /api/v1/staff/announcements/preview-recipient/code</c>, never one a request names.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> PreviewAnnouncement(
        long id, HttpContext context, PreviewAnnouncement preview, CancellationToken cancellationToken) =>
        await preview.HandleAsync(id, context.User.StaffId()!.Value, cancellationToken) switch
        {
            PreviewOutcome.Sent => TypedResults.NoContent(),
            PreviewOutcome.NotFound => ProblemTypes.NotFound($"No announcement has the id {id}."),
            PreviewOutcome.NoRecipient => ProblemTypes.Problem("conflict", "Pair your own WeChat for previews first (POST preview-recipient/code)."),
            PreviewOutcome.WeChatRefused refused => ProblemTypes.Problem("wechat-unavailable", $"WeChat did not take the preview ({refused.Reason})."),
            _ => throw new InvalidOperationException("Unknown preview outcome."),
        };

    /// <summary>
    /// Sends a draft now (no <c>sendAt</c>, or one already past) or schedules it (<c>sendAt</c>, ISO 8601, up to 90 days
    /// ahead; a scheduled one may be sent now or rescheduled). Sending resolves the audience at once: the answer is the
    /// first progress, readers over the month's cap left out and counted. Audited.
    /// </summary>
    private static async Task<Results<Ok<AnnouncementSendView>, ProblemHttpResult>> SendAnnouncement(
        long id, AnnouncementSendBody? body, HttpContext context, AnnouncementDesk desk, CancellationToken cancellationToken) =>
        await desk.SendAsync(id, body?.SendAt, context.User.StaffId()!.Value, cancellationToken) switch
        {
            SendOutcome.Started started => TypedResults.Ok(new AnnouncementSendView("sending", null, AnnouncementProgressView.From(started.Progress))),
            SendOutcome.Scheduled scheduled => TypedResults.Ok(new AnnouncementSendView("scheduled", scheduled.SendAt, null)),
            SendOutcome.NotDraft notDraft => ProblemTypes.Problem("conflict", $"The announcement is {notDraft.Status.Code()}: only a draft or a scheduled one is sent."),
            SendOutcome.Invalid invalid => ProblemTypes.Problem("validation", invalid.Problem),
            _ => ProblemTypes.NotFound($"No announcement has the id {id}."),
        };

    /// <summary>Where the sending stands, in readers: targeted, over the cap, sent, failed by reason, unknown, cancelled, pending.</summary>
    private static async Task<Results<Ok<AnnouncementProgressView>, ProblemHttpResult>> GetAnnouncementProgress(
        long id, AnnouncementDesk desk, CancellationToken cancellationToken) =>
        await desk.ProgressAsync(id, cancellationToken) is { } progress
            ? TypedResults.Ok(AnnouncementProgressView.From(progress))
            : ProblemTypes.NotFound($"No announcement has the id {id}.");

    /// <summary>Cancels the announcement: batches whose request has not left never will; those already sent stay sent. Audited.</summary>
    private static async Task<Results<Ok<AnnouncementProgressView>, ProblemHttpResult>> CancelAnnouncement(
        long id, HttpContext context, AnnouncementDesk desk, CancellationToken cancellationToken) =>
        await desk.CancelAsync(id, context.User.StaffId()!.Value, cancellationToken) switch
        {
            CancelOutcome.Cancelled cancelled => TypedResults.Ok(AnnouncementProgressView.From(cancelled.Progress)),
            CancelOutcome.Finished => ProblemTypes.Problem("conflict", "The announcement has finished sending or was cancelled already."),
            _ => ProblemTypes.NotFound($"No announcement has the id {id}."),
        };

    /// <summary>
    /// A code (eight digits, ten minutes, once) for the caller to send from their own WeChat to the account's chat as
    /// <c>预览 CODE</c>: that WeChat then receives the caller's previews. A newer code replaces an older one.
    /// </summary>
    private static async Task<Ok<PreviewPairingCodeView>> IssuePreviewPairingCode(HttpContext context, PreviewAnnouncement preview, CancellationToken cancellationToken)
    {
        var issued = await preview.IssueCodeAsync(context.User.StaffId()!.Value, cancellationToken);
        return TypedResults.Ok(new PreviewPairingCodeView(issued.Code, issued.ExpiresAt, $"预览 {issued.Code}"));
    }

    /// <summary>Unpairs the caller's WeChat: previews go nowhere until another is paired. Audited.</summary>
    private static async Task<NoContent> ForgetPreviewRecipient(HttpContext context, PreviewAnnouncement preview, CancellationToken cancellationToken)
    {
        await preview.ForgetRecipientAsync(context.User.StaffId()!.Value, cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>A draft announcement.</summary>
/// <param name="Title">At most 64 characters.</param>
/// <param name="Body">At most 600 characters.</param>
/// <param name="Link">Optional http(s) address readers can open.</param>
/// <param name="Category"><c>notice</c>, <c>closure</c>, <c>event</c> or <c>resources</c>.</param>
/// <param name="Audience"><c>all_followers</c>, <c>patron_groups</c>, <c>campus</c>, <c>branch</c>, <c>active_loans</c>, <c>seat_bookings_today</c> or <c>cards</c>.</param>
/// <param name="AudienceValues">Patron groups, campuses, branch codes or card numbers, for the audiences that name them.</param>
public sealed record AnnouncementBody(string? Title, string? Body, string? Link, string? Category, string? Audience, string[]? AudienceValues);

/// <param name="SendAt">When to send (ISO 8601); absent or past: now.</param>
public sealed record AnnouncementSendBody(DateTimeOffset? SendAt);

/// <param name="Code">Eight digits, to be sent from the staff member's own WeChat.</param>
/// <param name="ExpiresAt">When the code stops working.</param>
/// <param name="SendInChat">The message to send to the account's chat.</param>
public sealed record PreviewPairingCodeView(string Code, DateTimeOffset ExpiresAt, string SendInChat);

/// <summary>An announcement as staff see it.</summary>
/// <param name="Id">The announcement's id.</param>
/// <param name="Title">Title.</param>
/// <param name="Body">Short text.</param>
/// <param name="Link">Optional link.</param>
/// <param name="Category"><c>notice</c>, <c>closure</c>, <c>event</c> or <c>resources</c>.</param>
/// <param name="Audience">The kind of audience.</param>
/// <param name="AudienceValues">Groups, campuses, branch codes or card numbers it names.</param>
/// <param name="SendAt">When a scheduled announcement goes out.</param>
/// <param name="CreatedBy">Who drafted it (<c>staff:ID</c>).</param>
/// <param name="CreatedAt">When it was drafted.</param>
/// <param name="StartedAt">When sending started.</param>
/// <param name="FinishedAt">When sending finished or was cancelled.</param>
/// <param name="Status"><c>draft</c>, <c>scheduled</c>, <c>sending</c>, <c>sent</c> or <c>cancelled</c>.</param>
/// <param name="Reach">Readers the audience names now and those it cannot reach this month (on the single view and a new draft).</param>
public sealed record AnnouncementView(long Id, string Title, string Body, string? Link, string Category, string Audience, string[] AudienceValues,
    string Status, DateTimeOffset? SendAt, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    AudienceReachView? Reach)
{
    public static AnnouncementView From(Announcement a, AudienceReach? reach) => new(a.Id, a.Title, a.Body, a.Link, a.Category.Code(),
        a.Audience.Kind.Code(), [.. a.Audience.Values], a.Status.Code(), a.SendAt, a.CreatedBy, a.CreatedAt, a.StartedAt, a.FinishedAt,
        reach is null ? null : AudienceReachView.From(reach));
}

/// <param name="Targeted">Readers the audience names.</param>
/// <param name="CannotReachThisMonth">Of them, those who have had this month's mass messages (WeChat's cap).</param>
/// <param name="Reachable">The rest.</param>
/// <param name="UnknownCards">For a list of cards: the cards no reader has.</param>
/// <param name="CardsNotOnWeChat">For a list of cards: cards of readers who have not bound WeChat or no longer follow the account.</param>
public sealed record AudienceReachView(int Targeted, int CannotReachThisMonth, int Reachable, string[]? UnknownCards, string[]? CardsNotOnWeChat)
{
    public static AudienceReachView From(AudienceReach reach) => new(reach.Targeted, reach.OverCap, reach.Reachable,
        reach.UnknownCards is { } unknown ? [.. unknown] : null, reach.CardsNotOnWeChat is { } offline ? [.. offline] : null);
}

/// <summary>An uploaded list of cards, now the announcement's audience.</summary>
/// <param name="Cards">Distinct card numbers in the list.</param>
/// <param name="Duplicates">Lines that repeated a card already listed.</param>
/// <param name="Reach">Whom the list reaches this month, and the cards it cannot reach.</param>
public sealed record CardListView(int Cards, int Duplicates, AudienceReachView Reach);

/// <summary>A line of an uploaded card list (the CSV header names the column).</summary>
/// <param name="Card">A card number (<c>card</c> or <c>card_number</c>).</param>
public sealed record CardListLine([property: Required, JsonPropertyName("card")] string Card);

/// <param name="Status"><c>sending</c> or <c>scheduled</c>.</param>
/// <param name="SendAt">When a scheduled announcement goes out.</param>
/// <param name="Progress">The first progress of one that started sending.</param>
public sealed record AnnouncementSendView(string Status, DateTimeOffset? SendAt, AnnouncementProgressView? Progress);

/// <summary>Where an announcement's sending stands, in readers.</summary>
/// <param name="AnnouncementId">The announcement's id.</param>
/// <param name="Status">The announcement's status.</param>
/// <param name="Targeted">Readers the audience named when sending started.</param>
/// <param name="Sent">Readers of batches WeChat accepted.</param>
/// <param name="Cancelled">Readers of batches cancelled before they left.</param>
/// <param name="Batches">Mass-send requests the audience was cut into.</param>
/// <param name="CannotReachThisMonth">Left out: over WeChat's monthly cap on mass messages.</param>
/// <param name="Failed">Readers of failed batches, by reason.</param>
/// <param name="Unknown">Readers of batches whose request may or may not have reached WeChat; never sent again.</param>
/// <param name="Pending">Readers of batches still to go.</param>
/// <param name="WeChatReport">WeChat's MASSSENDJOBFINISH totals over the batches it has reported on.</param>
public sealed record AnnouncementProgressView(long AnnouncementId, string Status, int Targeted, int CannotReachThisMonth, int Sent,
    Dictionary<string, int> Failed, int Unknown, int Cancelled, int Pending, int Batches, MassSendReportView? WeChatReport)
{
    public static AnnouncementProgressView From(AnnouncementProgress p) => new(p.AnnouncementId, p.Status.Code(), p.Targeted, p.OverCap, p.Sent,
        p.Failed.ToDictionary(), p.Unknown, p.Cancelled, p.Pending, p.Batches,
        p.Reported is { } r ? new MassSendReportView(r.Status, r.TotalCount, r.FilterCount, r.SentCount, r.ErrorCount) : null);
}

/// <param name="Status">The statuses WeChat reported, e.g. <c>send success</c>.</param>
/// <param name="TotalCount">Readers the messages were for.</param>
/// <param name="FilterCount">Readers WeChat filtered out (cap reached, unfollowed).</param>
/// <param name="SentCount">Readers WeChat delivered to.</param>
/// <param name="ErrorCount">Readers WeChat failed to deliver to.</param>
public sealed record MassSendReportView(string Status, int TotalCount, int FilterCount, int SentCount, int ErrorCount);

/// <summary>An announcement as readers see it.</summary>
public sealed record PublishedAnnouncementView(long Id, string Title, string Body, string? Link, string Category, DateTimeOffset? PublishedAt)
{
    public static PublishedAnnouncementView From(Announcement a) => new(a.Id, a.Title, a.Body, a.Link, a.Category.Code(), a.StartedAt);
}
