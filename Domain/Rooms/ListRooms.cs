namespace WeChatLib.Domain.Rooms;

/// <summary>The rooms of a branch (or all), for readers (switched-off rooms left out) and staff (every room).</summary>
public sealed class ListRooms(IRooms rooms)
{
    public async Task<IReadOnlyList<Room>> HandleAsync(string? branchCode, bool enabledOnly, CancellationToken cancellationToken) =>
        [.. (await rooms.RoomsAsync(Branch(branchCode), cancellationToken)).Where(r => !enabledOnly || r.Enabled)];

    internal static string? Branch(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToLowerInvariant();
}
