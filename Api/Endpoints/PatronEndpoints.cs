using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Imports;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>Staff work on patrons and their WeChat bindings (role: circulation).</summary>
public static class PatronEndpoints
{
    private static readonly string[] PatronColumns = ["card_number", "name", "group", "expires_on"];
    private static readonly string[] BindingColumns = ["card_number", "openid"];

    public static IEndpointRouteBuilder MapPatronEndpoints(this IEndpointRouteBuilder app)
    {
        var patrons = app.MapGroup("/api/v1/staff/patrons").WithTags("Staff: patrons").RequireStaff(StaffCapability.Patrons)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        patrons.MapPost("/import", ImportPatrons).WithName(nameof(ImportPatrons))
            .Accepts<PatronImportItem[]>("application/json", "text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(ImportFile.MaxBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        patrons.MapGet("/{cardNumber}", GetPatron).WithName(nameof(GetPatron)).ProducesProblem(StatusCodes.Status404NotFound);
        patrons.MapPut("/{cardNumber}/status", SetPatronStatus).WithName(nameof(SetPatronStatus))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var bindings = app.MapGroup("/api/v1/staff").WithTags("Staff: bindings").RequireStaff(StaffCapability.Bindings)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        bindings.MapDelete("/patrons/{cardNumber}/binding", UnbindPatron).WithName(nameof(UnbindPatron))
            .ProducesProblem(StatusCodes.Status404NotFound);
        bindings.MapPost("/bindings/import", ImportBindings).WithName(nameof(ImportBindings))
            .Accepts<BindingImportItem[]>("application/json", "text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(ImportFile.MaxBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>
    /// Upserts patrons by card number from CSV (header row: card_number, name, group, expires_on, and optionally
    /// college, campus, status, restriction_reason, preferred_language, pin) or a JSON array with the same keys.
    /// Only the columns present are changed: a missing column never is; an empty college or campus clears it; an empty
    /// status, language or PIN keeps the current one. A file with any bad row changes nothing; the report lists every
    /// rejected row.
    /// </summary>
    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportPatrons(
        HttpRequest request, ImportPatrons import, CancellationToken cancellationToken)
    {
        var file = await ImportFile.ReadAsync(request, PatronColumns);
        if (file.Problem is not null)
            return ProblemTypes.Problem("bad-request", file.Problem);
        // An optional column the file lacks is null (never changed); a cell the file has is at least empty.
        static string? Optional(ImportRow row, string name) => row.Fields.TryGetValue(name, out var value) ? value ?? "" : null;
        var rows = file.Rows.Select(r => new PatronImportRow(r.Line, r["card_number"], r["name"], r["group"], r["expires_on"],
            Optional(r, "college"), Optional(r, "campus"), Optional(r, "status"), Optional(r, "restriction_reason"),
            Optional(r, "preferred_language"), Optional(r, "pin"))).ToList();
        return Answer(await import.HandleAsync(rows, request.HttpContext.User.StaffId()!.Value, cancellationToken));
    }

    /// <summary>
    /// Adds bindings carried over from the previous WeChat service: CSV (card_number, openid) or a JSON array with the
    /// same keys. All or nothing, with the same report as the patron import.
    /// </summary>
    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportBindings(
        HttpRequest request, ImportBindings import, CancellationToken cancellationToken)
    {
        var file = await ImportFile.ReadAsync(request, BindingColumns);
        if (file.Problem is not null)
            return ProblemTypes.Problem("bad-request", file.Problem);
        var rows = file.Rows.Select(r => new BindingImportRow(r.Line, r["card_number"], r["openid"])).ToList();
        return Answer(await import.HandleAsync(rows, request.HttpContext.User.StaffId()!.Value, cancellationToken));
    }

    /// <summary>A patron's record as staff see it, with the binding (the openid is not shown).</summary>
    private static async Task<Results<Ok<StaffPatronView>, ProblemHttpResult>> GetPatron(
        string cardNumber, IPatronStore patrons, IBindingStore bindings, LibraryClock clock, CancellationToken cancellationToken)
    {
        if (await patrons.FindByCardAsync(cardNumber, cancellationToken) is not { } patron)
            return ProblemTypes.NotFound($"No patron has card number {cardNumber}.");
        var binding = await bindings.FindByPatronAsync(patron.Id, cancellationToken);
        return TypedResults.Ok(new StaffPatronView(ReaderProfile.From(patron, binding, clock.Today), patron.PinHash is not null));
    }

    /// <summary>
    /// Restricts a patron (with a reason), or makes them active or expired. A restriction or an expiry signs the patron
    /// out of the H5 pages at once; their next action in the chat is refused.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> SetPatronStatus(
        string cardNumber, PatronStatusRequest body, HttpContext context, ChangePatronStatus change, CancellationToken cancellationToken) =>
        await change.HandleAsync(cardNumber, body.Status, body.Reason, AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken) switch
        {
            StatusChangeResult.Changed => TypedResults.NoContent(),
            StatusChangeResult.Invalid invalid => ProblemTypes.Problem("validation", invalid.Problem),
            _ => ProblemTypes.NotFound($"No patron has card number {cardNumber}."),
        };

    /// <summary>Removes a patron's WeChat binding (e.g. a lost phone).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> UnbindPatron(
        string cardNumber, HttpContext context, IPatronStore patrons, UnbindReader unbind, CancellationToken cancellationToken)
    {
        if (await patrons.FindByCardAsync(cardNumber, cancellationToken) is not { } patron)
            return ProblemTypes.NotFound($"No patron has card number {cardNumber}.");
        await unbind.HandleAsync(patron, AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken);
        return TypedResults.NoContent();
    }

    private static Results<Ok<ImportReport>, ProblemHttpResult> Answer(ImportReport report) =>
        report.Applied
            ? TypedResults.Ok(report)
            : ProblemTypes.Problem("import-rejected", $"{report.Rejected.Count} problem(s) found; nothing was changed.",
                new Dictionary<string, object?> { ["report"] = report });
}

/// <param name="Profile">The patron as the reader sees it.</param>
/// <param name="HasPin">Whether the card has a PIN for card + PIN binding.</param>
public sealed record StaffPatronView(ReaderProfile Profile, bool HasPin);

/// <param name="Status"><c>active</c>, <c>restricted</c> or <c>expired</c>.</param>
/// <param name="Reason">Required for <c>restricted</c>; shown to the reader.</param>
public sealed record PatronStatusRequest(string? Status, string? Reason);

/// <summary>One patron in a JSON import (the CSV header uses the same names).</summary>
public sealed record PatronImportItem(
    [property: Required, System.Text.Json.Serialization.JsonPropertyName("card_number")] string CardNumber,
    [property: Required, System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
    [property: Required, System.Text.Json.Serialization.JsonPropertyName("group")] string Group,
    [property: Required, System.Text.Json.Serialization.JsonPropertyName("expires_on")] string ExpiresOn,
    [property: System.Text.Json.Serialization.JsonPropertyName("college")] string? College,
    [property: System.Text.Json.Serialization.JsonPropertyName("campus")] string? Campus,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string? Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("restriction_reason")] string? RestrictionReason,
    [property: System.Text.Json.Serialization.JsonPropertyName("preferred_language")] string? PreferredLanguage,
    [property: System.Text.Json.Serialization.JsonPropertyName("pin")] string? Pin);

/// <summary>One binding in a JSON import (the CSV header uses the same names).</summary>
public sealed record BindingImportItem(
    [property: Required, System.Text.Json.Serialization.JsonPropertyName("card_number")] string CardNumber,
    [property: Required, System.Text.Json.Serialization.JsonPropertyName("openid")] string OpenId);
