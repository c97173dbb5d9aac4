namespace WeChatLib.Domain.Seats;

/// <summary>Zones with their seats and how many are free now, for the floor view and the chat's <c>SEATS</c>.</summary>
public sealed class ListSeatZones(ISeats seats, IFreeSeatCounts counts)
{
    public async Task<IReadOnlyList<ZoneWithCounts>> HandleAsync(string? branchCode, bool enabledOnly, CancellationToken cancellationToken)
    {
        var zones = await seats.ZonesAsync(string.IsNullOrWhiteSpace(branchCode) ? null : branchCode.Trim().ToLowerInvariant(), cancellationToken);
        var now = await counts.CurrentAsync(cancellationToken);
        return [.. zones.Where(z => !enabledOnly || z.Enabled)
            .Select(z => new ZoneWithCounts(z, now.TryGetValue(z.Id, out var count) ? count : new ZoneSeatCount(0, 0)))];
    }
}

public sealed record ZoneWithCounts(SeatZone Zone, ZoneSeatCount Count);
