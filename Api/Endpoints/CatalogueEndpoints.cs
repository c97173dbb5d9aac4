using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Api.Imports;
using WeChatLib.Domain.Catalogue;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>Staff's bulk imports of the catalogue: titles and their items (roles: admin, circulation).</summary>
public static class CatalogueEndpoints
{
    private static readonly string[] TitleColumns = ["isbn", "title"];
    private static readonly string[] ItemColumns = ["barcode", "isbn", "branch", "item_type"];

    public static IEndpointRouteBuilder MapCatalogueEndpoints(this IEndpointRouteBuilder app)
    {
        var catalogue = app.MapGroup("/api/v1/staff").WithTags("Staff: catalogue").RequireStaff(StaffCapability.CatalogueImport)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        catalogue.MapPost("/titles/import", ImportTitles).WithName(nameof(ImportTitles))
            .Accepts<TitleImportItem[]>("application/json", "text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(ImportFile.MaxBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        catalogue.MapPost("/items/import", ImportItems).WithName(nameof(ImportItems))
            .Accepts<ItemImportItem[]>("application/json", "text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(ImportFile.MaxBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>
    /// Upserts titles by ISBN from CSV (header row: isbn, title, and optionally author, publisher, year, clc_class,
    /// subjects (separated by ';'), language) or a JSON array with the same keys (subjects as an array or a ';'-separated
    /// string). ISBN-10 and ISBN-13 (hyphens allowed) are both accepted and kept as ISBN-13. Only the columns present are
    /// changed: an empty author, publisher, year, clc_class or subjects cell clears it; an empty language keeps it. A file
    /// with any bad row changes nothing; the report lists every rejected row.
    /// </summary>
    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportTitles(
        HttpRequest request, ImportTitles import, CancellationToken cancellationToken)
    {
        var file = await ImportFile.ReadAsync(request, TitleColumns);
        if (file.Problem is not null)
            return ProblemTypes.Problem("bad-request", file.Problem);
        var rows = file.Rows.Select(r => new TitleImportRow(r.Line, r["isbn"], r["title"], r.Optional("author"), r.Optional("publisher"),
            r.Optional("year"), r.Optional("clc_class"), r.List("subjects", ';'), r.Optional("language"))).ToList();
        return Answer(await import.HandleAsync(rows, request.HttpContext.User.StaffId()!.Value, cancellationToken));
    }

    /// <summary>
    /// Upserts items by barcode from CSV (header row: barcode, isbn, branch, item_type, and optionally location,
    /// call_number, status, accessioned_on) or a JSON array with the same keys. The ISBN names a title already in the
    /// catalogue. Only the columns present are changed: an empty location or call_number cell clears it; an empty status
    /// keeps it (a new item is <c>available</c>); an empty accessioned_on (YYYY-MM-DD, the date the library acquired the
    /// copy, from which it is a new arrival) keeps it (a new item's is the day of the import). An item on loan keeps its status until it is checked in, and only a checkout puts an item on
    /// loan. A file with any bad row changes nothing; the report lists every rejected row.
    /// </summary>
    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportItems(
        HttpRequest request, ImportItems import, CancellationToken cancellationToken)
    {
        var file = await ImportFile.ReadAsync(request, ItemColumns);
        if (file.Problem is not null)
            return ProblemTypes.Problem("bad-request", file.Problem);
        var rows = file.Rows.Select(r => new ItemImportRow(r.Line, r["barcode"], r["isbn"], r["branch"], r["item_type"],
            r.Optional("location"), r.Optional("call_number"), r.Optional("status"), r.Optional("accessioned_on"))).ToList();
        return Answer(await import.HandleAsync(rows, request.HttpContext.User.StaffId()!.Value, cancellationToken));
    }

    private static Results<Ok<ImportReport>, ProblemHttpResult> Answer(ImportReport report) =>
        report.Applied
            ? TypedResults.Ok(report)
            : ProblemTypes.Problem("import-rejected", $"{report.Rejected.Count} problem(s) found; nothing was changed.",
                new Dictionary<string, object?> { ["report"] = report });
}

/// <summary>One title in a JSON import (the CSV header uses the same names).</summary>
public sealed record TitleImportItem(
    [property: Required, JsonPropertyName("isbn")] string Isbn,
    [property: Required, JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("author")] string? Author,
    [property: JsonPropertyName("publisher")] string? Publisher,
    [property: JsonPropertyName("year")] int? Year,
    [property: JsonPropertyName("clc_class")] string? ClcClass,
    [property: JsonPropertyName("subjects"), TextOrList] object? Subjects,
    [property: JsonPropertyName("language")] string? Language);

/// <summary>One item in a JSON import (the CSV header uses the same names).</summary>
public sealed record ItemImportItem(
    [property: Required, JsonPropertyName("barcode")] string Barcode,
    [property: Required, JsonPropertyName("isbn")] string Isbn,
    [property: Required, JsonPropertyName("branch")] string Branch,
    [property: Required, JsonPropertyName("item_type")] string ItemType,
    [property: JsonPropertyName("location")] string? Location,
    [property: JsonPropertyName("call_number")] string? CallNumber,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("accessioned_on")] string? AccessionedOn);
