namespace WeChatLib.Domain.Seats;

/// <summary>Seats per zone and how many are free now: asked on every zone list, so answered from something cheaper than a count.</summary>
public interface IFreeSeatCounts
{
    Task<IReadOnlyDictionary<long, ZoneSeatCount>> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>Drops what is kept, after staff change zones or seats, so the next list counts afresh.</summary>
    Task ForgetAsync(CancellationToken cancellationToken);
}

/// <param name="Seats">Enabled seats in the zone.</param>
/// <param name="Free">Of them, those no live booking holds now (none while the zone is closed).</param>
public sealed record ZoneSeatCount(int Seats, int Free);
