using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Api.Endpoints;

/// <summary>The notification outbox as staff see it (roles: admin, circulation).</summary>
public static class OutboxEndpoints
{
    private static readonly string[] States = ["pending", "held", "sending", "sent", "failed", "dead", "dropped"];

    public static IEndpointRouteBuilder MapOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        var outbox = app.MapGroup("/api/v1/staff/outbox").WithTags("Staff: outbox").RequireStaff(StaffCapability.Outbox)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        outbox.MapGet("/counts", CountOutbox).WithName(nameof(CountOutbox));
        outbox.MapGet("/notices", ListOutboxNotices).WithName(nameof(ListOutboxNotices)).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outbox.MapPost("/notices/{id:long}/retry", RetryOutboxNotice).WithName(nameof(RetryOutboxNotice))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// How many notices there are of each kind in each state; sent ones as <c>sent_last_day</c>, those queued in the
    /// last 24 hours, so that the count never reads the whole history.
    /// </summary>
    private static async Task<Ok<OutboxCount[]>> CountOutbox(OutboxStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.CountsAsync(cancellationToken)).ToArray());

    /// <summary>Notices in one state, newest first, with the reason they are there (<c>dead</c> lists the dead letters).</summary>
    private static async Task<Results<Ok<OutboxNoticeView[]>, ProblemHttpResult>> ListOutboxNotices(
        OutboxStore store, string? state, long? before, int? limit, CancellationToken cancellationToken)
    {
        state ??= "dead";
        if (!States.Contains(state))
            return ProblemTypes.Problem("validation", $"state must be one of {string.Join(", ", States)}.");
        return TypedResults.Ok((await store.ListAsync(state, before, Math.Clamp(limit ?? 50, 1, 500), cancellationToken)).Select(OutboxNoticeView.From).ToArray());
    }

    /// <summary>
    /// Queues a dead, failed or held notice again. If its first send may have reached WeChat (outcome unknown), the
    /// reader could receive it twice: such a retry needs <c>acknowledgeDuplicateRisk=true</c>.
    /// </summary>
    private static async Task<Results<Ok<OutboxNoticeView>, ProblemHttpResult>> RetryOutboxNotice(
        long id, bool? acknowledgeDuplicateRisk, HttpContext context, OutboxStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } notice)
            return ProblemTypes.NotFound($"No notice has id {id}.");
        if (notice.OutcomeUnknown && acknowledgeDuplicateRisk != true)
            return ProblemTypes.Problem("duplicate-risk",
                "The first send of this notice may have reached the reader; retrying could deliver it twice. Retry with acknowledgeDuplicateRisk=true to send anyway.");
        var staff = AuditEntry.Staff(context.User.StaffId()!.Value);
        if (await store.RequeueAsync(id, entry => new AuditEntry(staff, "outbox.retry", $"notification:{id}",
                new Dictionary<string, string?> { ["outcomeUnknown"] = entry.OutcomeUnknown ? "true" : "false" }), cancellationToken) is not { } requeued)
            return ProblemTypes.Problem("conflict", $"Only dead, failed or held notices can be retried; this one is {notice.State}.");
        return TypedResults.Ok(OutboxNoticeView.From(requeued));
    }
}

/// <summary>A notice as staff see it in the outbox.</summary>
/// <param name="Id">The notice's id, for a retry.</param>
/// <param name="IdempotencyKey">What makes it one notice however often it is queued.</param>
/// <param name="Kind">The notice kind, e.g. <c>due-reminder</c>.</param>
/// <param name="State"><c>pending</c>, <c>held</c>, <c>sending</c>, <c>sent</c>, <c>failed</c> or <c>dead</c>.</param>
/// <param name="PatronId">The reader it is for, when it is for one.</param>
/// <param name="Reason">Why it is held, failed or dead.</param>
/// <param name="Attempts">Sends tried so far.</param>
/// <param name="OutcomeUnknown">Whether a send may have reached WeChat without an answer, so a retry could deliver it twice.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="NotBefore">Not sent before this time; null while it is held until staff retry it.</param>
public sealed record OutboxNoticeView(long Id, string IdempotencyKey, string Kind, string State, long? PatronId, string? Reason,
    int Attempts, bool OutcomeUnknown, DateTimeOffset CreatedAt, DateTimeOffset? NotBefore)
{
    // Rows hold UTC times; a held notice waits until PostgreSQL's 'infinity', which Npgsql reads as DateTime.MaxValue.
    public static OutboxNoticeView From(OutboxEntry entry) => new(
        entry.Id, entry.IdempotencyKey, entry.Kind, entry.State, entry.PatronId, entry.Reason, entry.Attempts, entry.OutcomeUnknown,
        Utc(entry.CreatedAt), entry.NotBefore == DateTime.MaxValue ? null : Utc(entry.NotBefore));

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
