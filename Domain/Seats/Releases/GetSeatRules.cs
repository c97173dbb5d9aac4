namespace WeChatLib.Domain.Seats.Releases;

/// <summary>The fairness rules now in force.</summary>
public sealed class GetSeatRules(ISeatStanding standing)
{
    public Task<SeatFairnessPolicy> HandleAsync(CancellationToken cancellationToken) => standing.RulesAsync(cancellationToken);
}
