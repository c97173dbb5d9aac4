namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// What judging new violations needs inside the transaction that recorded them: the rules, the readers' record, and a
/// way to write the suspensions it tips. Seat releases and room no-shows share it, so both count under one rule.
/// </summary>
public interface ISeatFairnessWork
{
    Task<SeatFairnessPolicy> RulesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The readers' violations and suspensions. Each reader's record is read under a per-reader lock held to the end of
    /// the transaction, so two releases of one reader's bookings (a seat and a room in the same minute) count each other.
    /// </summary>
    Task<IReadOnlyDictionary<long, SeatStandingRecord>> StandingsAsync(IReadOnlyCollection<long> patronIds, CancellationToken cancellationToken);

    /// <summary>Records the suspensions; returns each one recorded with its id (one per tipping violation).</summary>
    Task<IReadOnlyList<SeatSuspension>> SuspendAsync(IReadOnlyList<NewSeatSuspension> suspensions, CancellationToken cancellationToken);
}
