using System.Globalization;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Seats;

/// <summary>Staff set up zones (with their rules) and seats; an update changes only the fields sent. Each change is audited.</summary>
public sealed class ManageSeats(ISeats seats, IFreeSeatCounts counts)
{
    public async Task<SeatSetup> CreateZoneAsync(string branchCode, SeatZoneFields fields, long staffId, CancellationToken cancellationToken)
    {
        if (Invalid(fields.Problems(creating: true)) is { } invalid)
            return invalid;
        await using var work = await seats.BeginAsync(cancellationToken);
        if (await work.BranchIdAsync(branchCode.Trim().ToLowerInvariant(), cancellationToken) is not { } branchId)
            return new SeatSetup.Invalid(new Dictionary<string, string> { ["branch"] = $"no branch has the code {branchCode}" });
        return await FinishAsync(work, () => work.AddZoneAsync(branchId, fields, cancellationToken), "seat_zone.created", "seat-zone", staffId, cancellationToken);
    }

    public async Task<SeatSetup> UpdateZoneAsync(long zoneId, SeatZoneFields fields, long staffId, CancellationToken cancellationToken)
    {
        if (Invalid(fields.Problems(creating: false)) is { } invalid)
            return invalid;
        await using var work = await seats.BeginAsync(cancellationToken);
        return await FinishAsync(work, () => work.UpdateZoneAsync(zoneId, fields, cancellationToken),
            "seat_zone.updated", "seat-zone", staffId, cancellationToken);
    }

    public async Task<SeatSetup> CreateSeatAsync(long zoneId, SeatFields fields, long staffId, CancellationToken cancellationToken)
    {
        fields = fields.Normalised();
        if (Invalid(fields.Problems(creating: true)) is { } invalid)
            return invalid;
        await using var work = await seats.BeginAsync(cancellationToken);
        if (await work.ZoneAsync(zoneId, cancellationToken) is null)
            return new SeatSetup.NotFound();
        return await FinishAsync(work, () => work.AddSeatAsync(zoneId, fields, cancellationToken), "seat.created", "seat", staffId, cancellationToken);
    }

    public async Task<SeatSetup> UpdateSeatAsync(long seatId, SeatFields fields, long staffId, CancellationToken cancellationToken)
    {
        fields = fields.Normalised();
        if (Invalid(fields.Problems(creating: false)) is { } invalid)
            return invalid;
        await using var work = await seats.BeginAsync(cancellationToken);
        if (fields.ZoneId is { } zoneId && await work.ZoneAsync(zoneId, cancellationToken) is null)
            return new SeatSetup.Invalid(new Dictionary<string, string> { ["zoneId"] = "no zone has the id" });
        return await FinishAsync(work, () => work.UpdateSeatAsync(seatId, fields, cancellationToken),
            "seat.updated", "seat", staffId, cancellationToken);
    }

    private static SeatSetup.Invalid? Invalid(IReadOnlyDictionary<string, string> problems) => problems.Count > 0 ? new SeatSetup.Invalid(problems) : null;

    private async Task<SeatSetup> FinishAsync(ISeatWork work, Func<Task<SeatSetup>> change, string action, string target, long staffId,
        CancellationToken cancellationToken)
    {
        var result = await change();
        if (result is not SeatSetup.Saved { Id: var id })
            return result;
        await work.AuditAsync(new AuditEntry(AuditEntry.Staff(staffId), action, $"{target}:{id.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
        await work.CommitAsync(cancellationToken);
        await counts.ForgetAsync(cancellationToken);
        return result;
    }
}

public abstract record SeatSetup
{
    private SeatSetup()
    {
    }

    public sealed record Saved(long Id) : SeatSetup;

    /// <summary>What is wrong, by field.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Problems) : SeatSetup;

    public sealed record Conflict(string Detail) : SeatSetup;

    public sealed record NotFound : SeatSetup;
}
