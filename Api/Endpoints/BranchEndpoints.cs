using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Branches;

namespace WeChatLib.Api.Endpoints;

public static class BranchEndpoints
{
    public static IEndpointRouteBuilder MapBranchEndpoints(this IEndpointRouteBuilder app)
    {
        var branches = app.MapGroup("/api/v1/branches").WithTags("Branches");
        branches.MapGet("/", ListBranches).WithName(nameof(ListBranches));
        branches.MapGet("/{code}", GetBranch).WithName(nameof(GetBranch)).ProducesProblem(StatusCodes.Status404NotFound);
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
