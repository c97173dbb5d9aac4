namespace WeChatLib.Domain.Seats;

/// <summary>Seats per zone and how many are free now: asked on every zone list, so answered from something cheaper than a count.</summary>
public interface IFreeSeatCounts
{
    Task<IReadOnlyDictionary<long, ZoneSeatCount>> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>Drops what is kept, after staff change zones or seats, so the next list counts afresh.</summary>
    Task ForgetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether a search for the zone's best free seat from <paramref name="from"/> to <paramref name="to"/> found none in
    /// the last two seconds and no booking of the zone has ended since: at the rush, the thousands who come after the
    /// last seat are told "taken" without a search each.
    /// </summary>
    Task<bool> KnownFullAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Notes that a search found no free seat in the zone for that time.</summary>
    Task NoteFullAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>A booking of the zone ended early (cancelled, left, released): its seat may be free, the zone's marks go.</summary>
    Task ZoneFreedAsync(long zoneId, CancellationToken cancellationToken);
}

/// <param name="Seats">Enabled seats in the zone.</param>
/// <param name="Free">Of them, those no live booking holds now (none while the zone is closed).</param>
public sealed record ZoneSeatCount(int Seats, int Free);
