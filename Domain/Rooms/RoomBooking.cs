namespace WeChatLib.Domain.Rooms;

/// <summary>A group's booking of a room from <paramref name="Starts"/> to <paramref name="Ends"/>, its members and how it went.</summary>
/// <param name="ConfirmBy">When enough of the group must have confirmed (and, for rooms that need it, staff approved), or it lapses.</param>
public sealed record RoomBooking(
    long Id,
    long RoomId,
    string RoomCode,
    string RoomName,
    string RoomNameEn,
    string BranchCode,
    long OrganiserId,
    DateTimeOffset Starts,
    DateTimeOffset Ends,
    string Topic,
    string Status,
    DateTimeOffset ConfirmBy,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote,
    DateTimeOffset? CheckedInAt,
    long? CheckedInBy,
    DateTimeOffset? EndedAt,
    string? EndReason,
    string? EndedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<RoomMember> Members)
{
    public bool Live => RoomBookingStatus.IsLive(Status);

    public RoomMember? Member(long patronId) => Members.FirstOrDefault(m => m.PatronId == patronId);

    public RoomMember? Organiser => Members.FirstOrDefault(m => m.IsOrganiser);

    /// <summary>The organiser and the companions who confirmed.</summary>
    public int ConfirmedCount => Members.Count(m => m.Status == RoomMember.Confirmed);

    /// <summary>Members a notice about the whole booking goes to: everyone but those who declined.</summary>
    public IEnumerable<RoomMember> Told => Members.Where(m => m.Status != RoomMember.Declined);
}
