using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Staff;

/// <summary>An admin creates a staff account; the first admin comes from the <c>create-admin</c> command instead.</summary>
public sealed class CreateStaffAccount(IStaffStore staff, ISecretHasher hasher)
{
    public async Task<CreateStaffResult> HandleAsync(StaffAccountRequest request, string actor, CancellationToken cancellationToken)
    {
        var problems = request.Problems();
        if (problems.Count > 0)
            return new CreateStaffResult.Invalid(problems);

        var account = await staff.CreateAsync(request.Username, request.DisplayName.Trim(), hasher.Hash(request.Password), [.. request.Roles.Distinct()],
            created => new AuditEntry(actor, "staff.create", $"staff:{created.Id}", new Dictionary<string, string?>
            {
                ["username"] = created.Username,
                ["roles"] = string.Join(",", created.Roles).ToLowerInvariant(),
            }),
            cancellationToken);
        if (account is null)
            return new CreateStaffResult.UsernameTaken();
        return new CreateStaffResult.Created(account);
    }

    /// <summary>The first admin of a new installation; refused once an active admin exists.</summary>
    public async Task<CreateStaffResult> FirstAdminAsync(string username, string password, CancellationToken cancellationToken)
    {
        if (await staff.AnyActiveAdminAsync(cancellationToken))
            return new CreateStaffResult.AdminExists();
        return await HandleAsync(new StaffAccountRequest(username, username, password, [StaffRole.Admin]), AuditEntry.System, cancellationToken);
    }
}

public abstract record CreateStaffResult
{
    private CreateStaffResult()
    {
    }

    public sealed record Created(StaffAccount Account) : CreateStaffResult;

    public sealed record Invalid(Dictionary<string, string[]> Problems) : CreateStaffResult;

    public sealed record UsernameTaken : CreateStaffResult;

    public sealed record AdminExists : CreateStaffResult;
}
