using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Overdue;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>The overdue follow-up desk (roles: admin, circulation): the list to call through, each contact kept, the export for a calling session.</summary>
public static class OverdueEndpoints
{
    public static IEndpointRouteBuilder MapOverdueEndpoints(this IEndpointRouteBuilder app)
    {
        var desk = app.MapGroup("/api/v1/staff").WithTags("Staff: overdue follow-up").RequireStaff(StaffCapability.OverdueFollowUp)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        desk.MapGet("/overdue-loans", ListOverdueLoans).WithName(nameof(ListOverdueLoans))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapGet("/overdue-loans.csv", ExportOverdueLoans).WithName(nameof(ExportOverdueLoans))
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapPost("/loans/{loanId:long}/contacts", RecordOverdueContact).WithName(nameof(RecordOverdueContact)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapGet("/loans/{loanId:long}/contacts", LoanFollowUpHistory).WithName(nameof(LoanFollowUpHistory))
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// Open loans past their due date, most overdue first, each with the borrower, the last contact and the next follow-up
    /// date. Filters: <c>minDaysOverdue</c> (default 1), <c>maxDaysOverdue</c>, <c>group</c> (patron group code),
    /// <c>college</c> (exact), <c>branch</c> (the item's home branch code), <c>followUpDue</c> (only loans never contacted
    /// or whose follow-up date has come). Pass the answer's <c>nextAfter</c> as <c>after</c> for the next page;
    /// <c>limit</c> is 1–200 (default 50). A bad filter answers 422 <c>validation</c> naming each field.
    /// </summary>
    private static async Task<Results<Ok<OverdueLoanPage>, ProblemHttpResult>> ListOverdueLoans(
        int? minDaysOverdue, int? maxDaysOverdue, string? group, string? college, string? branch, bool? followUpDue, string? after, int? limit,
        ListOverdueLoans list, CancellationToken cancellationToken) =>
        await list.HandleAsync(new OverdueQuery(minDaysOverdue, maxDaysOverdue, group, college, branch, followUpDue), after, limit, cancellationToken) switch
        {
            OverdueListing.Listed listed => TypedResults.Ok(new OverdueLoanPage([.. listed.Loans.Select(OverdueLoanView.From)], listed.NextAfter)),
            OverdueListing.Invalid invalid => Invalid(invalid.Problems),
            _ => throw new InvalidOperationException("Unknown listing."),
        };

    /// <summary>
    /// The same list with the same filters as a CSV file for a calling session, every row (no paging): UTF-8 with a byte
    /// order mark so that Excel shows Chinese, a header row, times in the library's time zone. A cell that would start
    /// with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> is written with a leading <c>'</c>, so a spreadsheet never runs it.
    /// </summary>
    private static Results<PushStreamHttpResult, ProblemHttpResult> ExportOverdueLoans(
        int? minDaysOverdue, int? maxDaysOverdue, string? group, string? college, string? branch, bool? followUpDue,
        ListOverdueLoans list, LibraryClock clock, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (Domain.Overdue.ListOverdueLoans.Filter(new OverdueQuery(minDaysOverdue, maxDaysOverdue, group, college, branch, followUpDue), problems) is not { } filter)
            return Invalid(problems);
        return TypedResults.Stream(stream => OverdueCsv.WriteAsync(stream, list.ExportAsync(filter, cancellationToken), clock.Zone, cancellationToken),
            "text/csv; charset=utf-8", $"overdue-loans-{IsoDate.Format(clock.Today)}.csv");
    }

    /// <summary>
    /// Records a contact with the borrower of an overdue loan, as the signed-in member of staff. <c>channel</c> and
    /// <c>outcome</c> are required; <c>contactedAt</c> defaults to now. A returned loan's case is closed: 422
    /// <c>overdue-case-closed</c>; a loan not yet overdue: 422 <c>loan-not-overdue</c>; bad fields: 422 <c>validation</c>
    /// naming each field.
    /// </summary>
    private static async Task<Results<Created<RecordedOverdueContact>, ProblemHttpResult>> RecordOverdueContact(
        long loanId, OverdueContactBody body, HttpContext context, RecordOverdueContact record, CancellationToken cancellationToken) =>
        await record.HandleAsync(context.User.StaffId()!.Value, loanId,
                new OverdueContactRequest(body.Channel, body.Outcome, body.Note, body.NextFollowUpOn, body.ContactedAt), cancellationToken) switch
        {
            OverdueContactOutcome.Recorded recorded => TypedResults.Created($"/api/v1/staff/loans/{loanId}/contacts",
                new RecordedOverdueContact(loanId, recorded.DaysOverdue, OverdueContactView.From(recorded.Contact))),
            OverdueContactOutcome.Invalid invalid => Invalid(invalid.Problems),
            OverdueContactOutcome.CaseClosed closed => ProblemTypes.Problem("overdue-case-closed",
                $"Loan {loanId} was returned at {closed.ReturnedAt:O}: its case is closed.",
                new Dictionary<string, object?> { ["returnedAt"] = closed.ReturnedAt }),
            OverdueContactOutcome.NotOverdue notOverdue => ProblemTypes.Problem("loan-not-overdue",
                $"Loan {loanId} is due on {IsoDate.Format(notOverdue.DueOn)}.",
                new Dictionary<string, object?> { ["dueOn"] = IsoDate.Format(notOverdue.DueOn) }),
            _ => ProblemTypes.NotFound($"No loan has id {loanId}."),
        };

    /// <summary>Every contact about the loan, newest first, and whether its case is closed by a return (and when). Kept after the return.</summary>
    private static async Task<Results<Ok<LoanFollowUpView>, ProblemHttpResult>> LoanFollowUpHistory(
        long loanId, LoanFollowUpHistory history, CancellationToken cancellationToken) =>
        await history.HandleAsync(loanId, cancellationToken) is { } found
            ? TypedResults.Ok(LoanFollowUpView.From(found))
            : ProblemTypes.NotFound($"No loan has id {loanId}.");

    private static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> problems) =>
        ProblemTypes.Problem("validation", string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value[0]}")),
            new Dictionary<string, object?> { ["errors"] = problems });
}

/// <summary>The follow-up list as a spreadsheet for a calling session.</summary>
internal static class OverdueCsv
{
    public static readonly string[] Header =
    [
        "借阅号", "条码", "题名", "馆藏分馆", "借书证号", "姓名", "读者类型", "学院", "校区", "已绑定微信",
        "应还日期", "逾期天数", "最近联系时间", "联系人", "联系方式", "联系结果", "备注", "下次跟进日期",
    ];

    // A BOM so that Excel reads UTF-8 (and so Chinese) correctly; a leading ' keeps a formula-like cell as text.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    public static async Task WriteAsync(Stream destination, IAsyncEnumerable<OverdueLoan> loans, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        await csv.WriteRecordAsync(Header, cancellationToken);
        await foreach (var loan in loans.WithCancellation(cancellationToken))
            await csv.WriteRecordAsync(Row(loan, zone), cancellationToken);
        await csv.FlushAsync(cancellationToken);
    }

    private static string[] Row(OverdueLoan loan, TimeZoneInfo zone)
    {
        var last = loan.LastContact;
        return
        [
            loan.LoanId.ToString(CultureInfo.InvariantCulture), loan.Barcode, loan.Title, loan.BranchCode,
            loan.Borrower.CardNumber, loan.Borrower.Name, loan.Borrower.Group.Code(), loan.Borrower.College, loan.Borrower.Campus,
            loan.Borrower.WeChatBound ? "是" : "否",
            IsoDate.Format(loan.DueOn), loan.DaysOverdue.ToString(CultureInfo.InvariantCulture),
            last is null ? "" : TimeZoneInfo.ConvertTime(last.ContactedAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            last?.StaffName ?? "", last?.Channel ?? "", last?.Outcome ?? "", last?.Note ?? "",
            loan.NextFollowUpOn is { } next ? IsoDate.Format(next) : "",
        ];
    }
}
