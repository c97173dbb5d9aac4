using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// A study or discussion room of a branch. <paramref name="Code"/> is what the QR code on its door carries;
/// <paramref name="MinGroup"/> people (the organiser included) must confirm before a booking holds it;
/// <paramref name="PatronGroups"/> are the groups that may book it (organiser and companions alike), null for every group.
/// </summary>
/// <param name="Kind"><c>study</c>, <c>discussion</c>, <c>seminar</c> or <c>media</c>.</param>
public sealed record Room(
    long Id,
    short BranchId,
    string BranchCode,
    string Code,
    string Name,
    string NameEn,
    string Floor,
    string Kind,
    int Capacity,
    int MinGroup,
    bool HasScreen,
    bool HasWhiteboard,
    bool HasVideo,
    string? PhotoUrl,
    bool NeedsApproval,
    IReadOnlyList<PatronGroup>? PatronGroups,
    bool Enabled)
{
    public bool Admits(PatronGroup group) => PatronGroups is null || PatronGroups.Contains(group);
}
