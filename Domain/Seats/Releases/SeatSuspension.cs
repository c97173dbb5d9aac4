namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// A suspension of seat booking: in force while <see cref="StartsAt"/> ≤ now &lt; <see cref="EndsAt"/> and not lifted.
/// <see cref="ViolationId"/> is the violation that tipped it.
/// </summary>
public sealed record SeatSuspension(long Id, long PatronId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason,
    long? ViolationId, DateTimeOffset? LiftedAt = null, string? LiftedBy = null, string? LiftNote = null)
{
    public bool InForceAt(DateTimeOffset at) => LiftedAt is null && StartsAt <= at && at < EndsAt;
}
