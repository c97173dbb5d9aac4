using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Seats;

/// <summary>A zone's seats as the floor view draws them: attributes, row and column, and whether each is taken now.</summary>
public sealed class GetSeatMap(ISeats seats, LibraryClock clock)
{
    public async Task<SeatMap?> HandleAsync(long zoneId, CancellationToken cancellationToken)
    {
        if (await seats.ZoneAsync(zoneId, cancellationToken) is not { } zone)
            return null;
        return new SeatMap(zone, await seats.SeatMapAsync(zoneId, clock.UtcNow, cancellationToken));
    }
}

public sealed record SeatMap(SeatZone Zone, IReadOnlyList<SeatOnMap> Seats);
