using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Seats;

/// <summary>Who sits where now, for staff: each held seat with its reader's name and card and their status since when.</summary>
public sealed class SeatOccupancy(ISeats seats, LibraryClock clock)
{
    public Task<IReadOnlyList<SeatOccupant>> HandleAsync(long? zoneId, string? branchCode, CancellationToken cancellationToken) =>
        seats.OccupantsAsync(zoneId, string.IsNullOrWhiteSpace(branchCode) ? null : branchCode.Trim().ToLowerInvariant(), clock.UtcNow, cancellationToken);
}
