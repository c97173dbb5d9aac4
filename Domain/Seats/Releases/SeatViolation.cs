namespace WeChatLib.Domain.Seats.Releases;

/// <summary>A violation on record: a booking released as a no-show or a leave overrun, at the moment it fell due.</summary>
public sealed record SeatViolation(long Id, long PatronId, long BookingId, string Kind, DateTimeOffset OccurredAt);
