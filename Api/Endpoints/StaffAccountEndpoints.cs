using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Staff;

namespace WeChatLib.Api.Endpoints;

/// <summary>Staff accounts and the audit log (role: admin).</summary>
public static class StaffAccountEndpoints
{
    public static IEndpointRouteBuilder MapStaffAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/v1/staff/accounts").WithTags("Staff: accounts").RequireStaff(StaffCapability.StaffAccounts)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        accounts.MapGet("/", ListStaffAccounts).WithName(nameof(ListStaffAccounts));
        accounts.MapPost("/", CreateStaffAccount).WithName(nameof(CreateStaffAccount))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapPut("/{id:long}", UpdateStaffAccount).WithName(nameof(UpdateStaffAccount))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/v1/staff/audit", ListAuditEntries).WithName(nameof(ListAuditEntries)).WithTags("Staff: audit")
            .RequireStaff(StaffCapability.Audit)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>Every staff account (password hashes are never returned).</summary>
    private static async Task<Ok<StaffAccountView[]>> ListStaffAccounts(IStaffStore staff, CancellationToken cancellationToken) =>
        TypedResults.Ok((await staff.ListAsync(cancellationToken)).Select(StaffAccountView.From).ToArray());

    /// <summary>Creates a staff account with a password and roles.</summary>
    private static async Task<Results<Created<StaffAccountView>, ProblemHttpResult>> CreateStaffAccount(
        StaffAccountCreateRequest request, HttpContext context, CreateStaffAccount create, CancellationToken cancellationToken)
    {
        if (!TryParseRoles(request.Roles, out var roles))
            return Invalid(new() { ["roles"] = ["each role must be admin, circulation, reference or announcer"] });
        var result = await create.HandleAsync(new StaffAccountRequest(request.Username ?? "", request.DisplayName ?? "", request.Password ?? "", roles),
            AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken);
        return result switch
        {
            CreateStaffResult.Created created => TypedResults.Created($"/api/v1/staff/accounts/{created.Account.Id}", StaffAccountView.From(created.Account)),
            CreateStaffResult.Invalid invalid => Invalid(invalid.Problems),
            _ => ProblemTypes.Problem("username-taken"),
        };
    }

    /// <summary>Replaces a staff member's roles and active flag. A deactivated account can no longer sign in or refresh.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> UpdateStaffAccount(
        long id, StaffAccountUpdateRequest request, HttpContext context, UpdateStaffAccount update, CancellationToken cancellationToken)
    {
        if (!TryParseRoles(request.Roles, out var roles) || roles.Count == 0)
            return ProblemTypes.Problem("validation", "roles must name at least one of admin, circulation, reference, announcer.");
        return await update.HandleAsync(id, roles, request.Active, AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken)
            ? TypedResults.NoContent()
            : ProblemTypes.NotFound($"No staff account has id {id}.");
    }

    /// <summary>The audit log, newest first; page backwards with <c>before</c> (the last id seen).</summary>
    private static async Task<Ok<AuditRecord[]>> ListAuditEntries(
        IAuditLog audit, string? target, string? action, long? before, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok((await audit.ListAsync(new AuditQuery(target, action, before, Math.Clamp(limit ?? 50, 1, 500)), cancellationToken)).ToArray());

    private static bool TryParseRoles(string[]? codes, out List<StaffRole> roles)
    {
        roles = [];
        foreach (var code in codes ?? [])
        {
            if (!Enum.TryParse<StaffRole>(code, ignoreCase: true, out var role) || int.TryParse(code, out _))
                return false;
            roles.Add(role);
        }
        return true;
    }

    private static ProblemHttpResult Invalid(Dictionary<string, string[]> problems) =>
        ProblemTypes.Problem("validation", null, new Dictionary<string, object?> { ["errors"] = problems });
}

/// <param name="Username">3 to 32 letters, digits, '.', '_' or '-'; unique regardless of case.</param>
/// <param name="DisplayName">Name shown in the audit log and staff tools.</param>
/// <param name="Password">At least 10 characters.</param>
/// <param name="Roles">Any of <c>admin</c>, <c>circulation</c>, <c>reference</c>, <c>announcer</c>.</param>
public sealed record StaffAccountCreateRequest(string? Username, string? DisplayName, string? Password, string[]? Roles);

/// <param name="Roles">The complete new set of roles.</param>
/// <param name="Active">False to deactivate the account.</param>
public sealed record StaffAccountUpdateRequest(string[]? Roles, bool Active);

public sealed record StaffAccountView(long Id, string Username, string DisplayName, string[] Roles, bool Active)
{
    public static StaffAccountView From(StaffAccount account) =>
        new(account.Id, account.Username, account.DisplayName, [.. account.Roles.Select(r => r.RoleCode())], account.Active);
}
