using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Staff;

/// <summary>An admin changes a staff member's roles or deactivates the account.</summary>
public sealed class UpdateStaffAccount(IStaffStore staff)
{
    public async Task<bool> HandleAsync(long id, IReadOnlyList<StaffRole> roles, bool active, string actor, CancellationToken cancellationToken) =>
        roles.Count > 0 && await staff.UpdateAsync(id, [.. roles.Distinct()], active, new AuditEntry(actor, "staff.update", $"staff:{id}", new Dictionary<string, string?>
        {
            ["roles"] = string.Join(",", roles).ToLowerInvariant(),
            ["active"] = active ? "true" : "false",
        }), cancellationToken);
}
