using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// Due-date notices: the rules per patron group (admin, as other policies), the daily scan's reports (roles that see
/// circulation) and running a day's scan now (admin).
/// </summary>
public static class NoticeEndpoints
{
    public static IEndpointRouteBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/staff/notice-rules").WithTags("Staff: notices").RequireStaff(StaffCapability.LoanPolicies)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        rules.MapGet("/", ListNoticeRules).WithName(nameof(ListNoticeRules));
        rules.MapPut("/{group}/{code}", UpdateNoticeRule).WithName(nameof(UpdateNoticeRule))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var scans = app.MapGroup("/api/v1/staff/notice-scans").WithTags("Staff: notices")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        scans.MapGet("/", ListNoticeScans).WithName(nameof(ListNoticeScans)).RequireStaff(StaffCapability.Outbox);
        scans.MapPost("/", RunNoticeScan).WithName(nameof(RunNoticeScan)).RequireStaff(StaffCapability.Configuration)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Every patron group's notice rules: when each is told about a due date, and how firmly.</summary>
    private static async Task<Ok<NoticeRuleView[]>> ListNoticeRules(ListNoticeRules list, CancellationToken cancellationToken) =>
        TypedResults.Ok((await list.HandleAsync(cancellationToken)).Select(NoticeRuleView.From).ToArray());

    /// <summary>
    /// Changes one rule of a patron group (e.g. <c>undergraduate</c>, <c>courtesy</c>): only the fields sent. A due
    /// reminder comes from 30 days before to the due day at level 0; an overdue notice 1 to 365 days after at level 1–3.
    /// <c>repeatEveryDays: 0</c> stops repeating. Audited with the rule before and after; every bad field is listed.
    /// </summary>
    private static async Task<Results<Ok<NoticeRuleView>, ProblemHttpResult>> UpdateNoticeRule(
        string group, string code, NoticeRuleBody body, HttpContext context, UpdateNoticeRule update, CancellationToken cancellationToken) =>
        await update.HandleAsync(group, code, new NoticeRuleRequest(body.OffsetDays, body.RepeatEveryDays, body.MaxRepeats, body.Level, body.Enabled),
            AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken) switch
        {
            NoticeRuleChange.Saved saved => TypedResults.Ok(NoticeRuleView.From(saved.Rule)),
            NoticeRuleChange.NotFound => ProblemTypes.NotFound($"Patron group {group} has no notice rule '{code}'."),
            NoticeRuleChange.Invalid invalid => ProblemTypes.Problem("validation", "Some fields are invalid; nothing was changed.",
                new Dictionary<string, object?> { ["errors"] = invalid.Problems }),
            _ => throw new InvalidOperationException("Unknown notice rule change."),
        };

    /// <summary>The latest daily scans' reports, newest first (<c>limit</c> 1–90, default 30).</summary>
    private static async Task<Ok<NoticeScanView[]>> ListNoticeScans(int? limit, ListNoticeScans list, CancellationToken cancellationToken) =>
        TypedResults.Ok((await list.HandleAsync(limit, cancellationToken)).Select(NoticeScanView.From).ToArray());

    /// <summary>
    /// Runs today's due-date scan now (<c>date</c>, if given, must be the library's today), catching up the days since
    /// the last scan as the scheduled scan does, and answers with its report. Running it again queues nothing new.
    /// </summary>
    private static async Task<Results<Ok<NoticeScanView>, ProblemHttpResult>> RunNoticeScan(
        NoticeScanBody? body, RunDueNoticeScan scan, CancellationToken cancellationToken)
    {
        DateOnly? date = null;
        if (body?.Date is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                return ProblemTypes.Problem("validation", "Some fields are invalid.",
                    new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["date"] = ["a date as yyyy-MM-dd"] } });
            if (!scan.MayRunFor(parsed))
                return ProblemTypes.Problem("validation", "Some fields are invalid.",
                    new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]>
                    {
                        ["date"] = ["only the library's today: earlier days are caught up by today's scan, later days are not due yet"],
                    } });
            date = parsed;
        }
        return TypedResults.Ok(NoticeScanView.From(await scan.HandleAsync(date, cancellationToken)));
    }
}

/// <summary>The fields of a notice rule to change; those left out stay as they are.</summary>
/// <param name="OffsetDays">Days from the due date: -30 to 0 for a due reminder, 1 to 365 for an overdue notice.</param>
/// <param name="RepeatEveryDays">Repeat every N days (1–365) after the first; 0: no repeats.</param>
/// <param name="MaxRepeats">Repeats after the first, 0 to 52.</param>
/// <param name="Level">0 for a due reminder; 1 to 3 for overdue notices, each firmer.</param>
/// <param name="Enabled">Whether the scan uses the rule.</param>
public sealed record NoticeRuleBody(int? OffsetDays, int? RepeatEveryDays, int? MaxRepeats, int? Level, bool? Enabled);

/// <summary>When a patron group is told about a due date.</summary>
/// <param name="Group">Patron group code, e.g. <c>undergraduate</c>.</param>
/// <param name="Code">The rule's code within the group, e.g. <c>courtesy</c>, <c>due-day</c>, <c>overdue-7</c>.</param>
/// <param name="Kind"><c>due-reminder</c> (readers may switch it off) or <c>overdue</c>.</param>
/// <param name="OffsetDays">Days from the due date, negative before it.</param>
/// <param name="RepeatEveryDays">Repeats every N days after the first; null: no repeats.</param>
/// <param name="MaxRepeats">Repeats after the first.</param>
/// <param name="Level">0 courtesy, 1 to 3 each firmer.</param>
/// <param name="Enabled">Whether the scan uses the rule.</param>
/// <param name="UpdatedAt">When the rule last changed.</param>
public sealed record NoticeRuleView(string Group, string Code, string Kind, int OffsetDays, int? RepeatEveryDays, int MaxRepeats, int Level,
    bool Enabled, DateTimeOffset UpdatedAt)
{
    public static NoticeRuleView From(NoticeRule rule) => new(rule.PatronGroup, rule.Code, rule.Kind, rule.OffsetDays, rule.RepeatEveryDays,
        rule.MaxRepeats, rule.Level, rule.Enabled, rule.UpdatedAt);
}

/// <summary>Which day to scan.</summary>
/// <param name="Date">The scan date as <c>yyyy-MM-dd</c>; default the library's today.</param>
public sealed record NoticeScanBody(string? Date);

/// <summary>A daily scan's report.</summary>
/// <param name="ScanDate">The day scanned.</param>
/// <param name="LoansSeen">Open loans a rule fired for.</param>
/// <param name="Enqueued">Notices queued, by kind (<c>due-reminder</c>, <c>overdue</c>).</param>
/// <param name="Skipped">Notices not queued, by reason: <c>unbound</c>, <c>unfollowed</c>, <c>opted_out</c>, <c>already_queued</c>.</param>
/// <param name="DurationMs">How long the scan took.</param>
public sealed record NoticeScanView(string ScanDate, int LoansSeen, IReadOnlyDictionary<string, int> Enqueued,
    IReadOnlyDictionary<string, int> Skipped, int DurationMs)
{
    public static NoticeScanView From(ScanReport report) => new(report.ScanDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        report.LoansSeen, report.Enqueued, report.Skipped, report.DurationMs);
}
