using System.Globalization;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Rooms;

/// <summary>Staff set up rooms: create, change only the fields sent, switch off and on. Each change is audited.</summary>
public sealed class ManageRooms(IRooms rooms)
{
    public async Task<RoomSetup> CreateAsync(string branchCode, RoomFields fields, long staffId, CancellationToken cancellationToken)
    {
        if (fields.Problems(creating: true) is { Count: > 0 } problems)
            return new RoomSetup.Invalid(problems);
        await using var work = await rooms.BeginAsync(cancellationToken);
        if (await work.BranchIdAsync(branchCode.Trim().ToLowerInvariant(), cancellationToken) is not { } branchId)
            return new RoomSetup.Invalid(new Dictionary<string, string> { ["branch"] = $"no branch has the code {branchCode}" });
        return await FinishAsync(work, await work.AddRoomAsync(branchId, fields, cancellationToken), "room.created", fields, staffId, cancellationToken);
    }

    public async Task<RoomSetup> UpdateAsync(long roomId, RoomFields fields, long staffId, CancellationToken cancellationToken)
    {
        if (fields.Problems(creating: false) is { Count: > 0 } problems)
            return new RoomSetup.Invalid(problems);
        await using var work = await rooms.BeginAsync(cancellationToken);
        return await FinishAsync(work, await work.UpdateRoomAsync(roomId, fields, cancellationToken), "room.updated", fields, staffId, cancellationToken);
    }

    private static async Task<RoomSetup> FinishAsync(IRoomWork work, RoomSetup result, string action, RoomFields fields, long staffId,
        CancellationToken cancellationToken)
    {
        if (result is not RoomSetup.Saved { Id: var id })
            return result;
        await work.AuditAsync(new AuditEntry(AuditEntry.Staff(staffId), action, $"room:{id.ToString(CultureInfo.InvariantCulture)}",
            new Dictionary<string, string?>
            {
                ["code"] = fields.Code,
                ["enabled"] = fields.Enabled?.ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
            }), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return result;
    }
}
