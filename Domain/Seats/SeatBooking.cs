namespace WeChatLib.Domain.Seats;

/// <summary>A reader's booking of a seat from <paramref name="Starts"/> to <paramref name="Ends"/>, and how it went.</summary>
public sealed record SeatBooking(
    long Id,
    long PatronId,
    long SeatId,
    string SeatCode,
    long ZoneId,
    string ZoneName,
    string ZoneNameEn,
    string BranchCode,
    DateTimeOffset Starts,
    DateTimeOffset Ends,
    string Status,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? LeaveStartedAt,
    DateTimeOffset? LeaveUntil,
    DateTimeOffset? EndedAt,
    string? EndReason,
    string? EndedBy)
{
    public bool Live => SeatBookingStatus.IsLive(Status);

    /// <summary>What staff said when they ended it (the reason of a release by staff); null otherwise.</summary>
    public string? EndNote { get; init; }

    /// <summary>The minutes the booking held its seat: all of it while live, up to its end when it ended early, none if cancelled.</summary>
    public int MinutesHeld => Status == SeatBookingStatus.Cancelled ? 0
        : (int)Math.Max(0, ((EndedAt is { } ended && ended < Ends ? ended : Ends) - Starts).TotalMinutes);
}
