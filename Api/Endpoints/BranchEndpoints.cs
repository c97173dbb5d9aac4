using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Api.Endpoints;

public static class BranchEndpoints
{
    public static IEndpointRouteBuilder MapBranchEndpoints(this IEndpointRouteBuilder app)
    {
        var branches = app.MapGroup("/api/v1/branches").WithTags("Branches");
        branches.MapGet("/", ListBranches).WithName(nameof(ListBranches));
        branches.MapGet("/{code}", GetBranch).WithName(nameof(GetBranch)).ProducesProblem(StatusCodes.Status404NotFound);
        branches.MapGet("/{code}/calendar", GetBranchCalendar).WithName(nameof(GetBranchCalendar))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var calendars = app.MapGroup("/api/v1/staff/branches").WithTags("Staff: calendars").RequireStaff(StaffCapability.Calendars)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        calendars.MapPut("/{code}/calendar/{date}", SetCalendarDate).WithName(nameof(SetCalendarDate))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        calendars.MapDelete("/{code}/calendar/{date}", RemoveCalendarDate).WithName(nameof(RemoveCalendarDate))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Every library building with its weekly hours and whether it is open now.</summary>
    private static async Task<Ok<BranchResponse[]>> ListBranches(ListBranches listBranches, CancellationToken cancellationToken)
    {
        var all = await listBranches.HandleAsync(cancellationToken);
        return TypedResults.Ok(all.Select(BranchResponse.From).ToArray());
    }

    /// <summary>One library building by its code, e.g. <c>main</c>.</summary>
    private static async Task<Results<Ok<BranchResponse>, ProblemHttpResult>> GetBranch(
        string code, GetBranch getBranch, CancellationToken cancellationToken)
    {
        var branch = await getBranch.HandleAsync(code, cancellationToken);
        return branch is null
            ? ProblemTypes.NotFound($"No branch has the code '{code}'.")
            : TypedResults.Ok(BranchResponse.From(branch));
    }

    /// <summary>
    /// A building's hours day by day from <c>from</c> to <c>to</c> (both <c>YYYY-MM-DD</c>, both included; by default
    /// from today for 31 days; at most 92 days): its weekly hours, except on dated entries (holidays, closures,
    /// exam-season hours), which carry their reason; with the library's time zone, in which its dates and hours are read.
    /// </summary>
    private static async Task<Results<Ok<BranchCalendarResponse>, ProblemHttpResult>> GetBranchCalendar(
        string code, string? from, string? to, GetBranchCalendar getCalendar, LibraryClock clock, CancellationToken cancellationToken) =>
        await getCalendar.HandleAsync(code, from, to, cancellationToken) switch
        {
            BranchCalendarAnswer.Days days => TypedResults.Ok(new BranchCalendarResponse(code, CalendarFields.Date(days.From),
                CalendarFields.Date(days.To), clock.Zone.Id, [.. days.Each.Select(CalendarDayResponse.From)])),
            BranchCalendarAnswer.Invalid invalid => Invalid(invalid.Problems),
            _ => ProblemTypes.NotFound($"No branch has the code '{code}'."),
        };

    /// <summary>
    /// Adds or replaces the building's entry for a date (<c>YYYY-MM-DD</c>, from a year ago to three years ahead): a
    /// holiday or closure (no hours) or special hours, with the reason readers see. Due dates computed from then on
    /// avoid the days it closes; loans keep the due dates they have.
    /// </summary>
    private static async Task<Results<Ok<CalendarEntryResponse>, ProblemHttpResult>> SetCalendarDate(
        string code, string date, CalendarDateRequest request, HttpContext context, SetCalendarDate set, CancellationToken cancellationToken) =>
        await set.HandleAsync(code, date, new CalendarEntryRequest(request.Reason, request.Opens, request.Closes),
            AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken) switch
        {
            CalendarChange.Saved saved => TypedResults.Ok(CalendarEntryResponse.From(saved.Entry)),
            CalendarChange.Invalid invalid => Invalid(invalid.Problems),
            _ => ProblemTypes.NotFound($"No branch has the code '{code}'."),
        };

    /// <summary>Removes the building's entry for a date: its weekly hours apply that day again.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveCalendarDate(
        string code, string date, HttpContext context, RemoveCalendarDate remove, CancellationToken cancellationToken) =>
        await remove.HandleAsync(code, date, AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken) switch
        {
            CalendarChange.Removed => TypedResults.NoContent(),
            CalendarChange.Invalid invalid => Invalid(invalid.Problems),
            CalendarChange.NoSuchEntry => ProblemTypes.NotFound($"The branch '{code}' has no calendar entry on {date}."),
            _ => ProblemTypes.NotFound($"No branch has the code '{code}'."),
        };

    private static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> problems) =>
        ProblemTypes.Problem("validation", null, new Dictionary<string, object?> { ["errors"] = problems });
}

/// <summary>A library building as H5 pages show it.</summary>
/// <param name="Code">Stable short code, e.g. <c>main</c>.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Address">Street address.</param>
/// <param name="OpenNow">Whether the building is open at this moment, in the library's time zone.</param>
/// <param name="Hours">Opening hours per weekday; a missing day is closed.</param>
public sealed record BranchResponse(string Code, string Name, string NameEn, string Address, bool OpenNow, OpeningHoursResponse[] Hours)
{
    public static BranchResponse From(BranchStatus status) => new(
        status.Branch.Code, status.Branch.Name, status.Branch.NameEn, status.Branch.Address, status.OpenNow,
        [.. status.Branch.Hours.Select(h => new OpeningHoursResponse(
            h.Day.ToString().ToLowerInvariant(),
            h.Opens.ToString("HH:mm", CultureInfo.InvariantCulture),
            h.Closes.ToString("HH:mm", CultureInfo.InvariantCulture)))]);
}

/// <summary>Opening hours on one weekday, local time; <c>closes</c> is exclusive.</summary>
/// <param name="Day">Weekday in English lower case, e.g. <c>monday</c>.</param>
/// <param name="Opens">Opening time, <c>HH:mm</c>.</param>
/// <param name="Closes">Closing time, <c>HH:mm</c>.</param>
public sealed record OpeningHoursResponse(string Day, string Opens, string Closes);

/// <summary>A building's hours over a range of days.</summary>
/// <param name="Branch">The branch's code.</param>
/// <param name="From">First day, <c>YYYY-MM-DD</c>.</param>
/// <param name="To">Last day, <c>YYYY-MM-DD</c>, included.</param>
/// <param name="TimeZone">The library's IANA time zone, e.g. <c>Asia/Shanghai</c>: pages show times in it, whatever the phone's own zone.</param>
/// <param name="Days">Each day of the range in order.</param>
public sealed record BranchCalendarResponse(string Branch, string From, string To, string TimeZone, CalendarDayResponse[] Days);

/// <summary>One day of a building's calendar, local time.</summary>
/// <param name="Date"><c>YYYY-MM-DD</c>.</param>
/// <param name="Open">Whether the building opens that day.</param>
/// <param name="Opens">Opening time, <c>HH:mm</c>; null when closed.</param>
/// <param name="Closes">Closing time, <c>HH:mm</c> (exclusive); null when closed.</param>
/// <param name="Reason">The reason of the dated entry that decides the day (a holiday, exam-season hours); null on an ordinary day.</param>
public sealed record CalendarDayResponse(string Date, bool Open, string? Opens, string? Closes, string? Reason)
{
    public static CalendarDayResponse From(CalendarDay day) => new(CalendarFields.Date(day.Date), day.Open,
        day.Opens is { } opens ? CalendarFields.Time(opens) : null, day.Closes is { } closes ? CalendarFields.Time(closes) : null, day.Reason);
}

/// <summary>A dated calendar entry as staff set it.</summary>
/// <param name="Reason">Shown to readers, e.g. <c>国庆节闭馆</c>; at most 100 characters.</param>
/// <param name="Opens">Opening time, <c>HH:mm</c>; leave out with <c>closes</c> for a closed day.</param>
/// <param name="Closes">Closing time, <c>HH:mm</c>, later than <c>opens</c>.</param>
public sealed record CalendarDateRequest(string? Reason, string? Opens, string? Closes);

/// <summary>A dated calendar entry as stored.</summary>
/// <param name="Date"><c>YYYY-MM-DD</c>.</param>
/// <param name="Reason">Shown to readers.</param>
/// <param name="Opens">Opening time, <c>HH:mm</c>; null when the building is closed that day.</param>
/// <param name="Closes">Closing time, <c>HH:mm</c>; null when the building is closed that day.</param>
public sealed record CalendarEntryResponse(string Date, string Reason, string? Opens, string? Closes)
{
    public static CalendarEntryResponse From(CalendarDate entry) => new(CalendarFields.Date(entry.Date), entry.Reason,
        entry.Opens is { } opens ? CalendarFields.Time(opens) : null, entry.Closes is { } closes ? CalendarFields.Time(closes) : null);
}
