using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// Staff lift a reader's suspension (a release judged unfair, a reader with a reason), with a note saying why; the reader
/// may book again at once. The violations it answered stay answered. Audited with the note.
/// </summary>
public sealed class LiftSeatSuspension(ISeatStanding standing, LibraryClock clock)
{
    public const int MaxNoteLength = 500;

    public async Task<SuspensionLift> HandleAsync(long suspensionId, string? note, string actor, CancellationToken cancellationToken)
    {
        var trimmed = note?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNoteLength)
            return new SuspensionLift.Invalid(new Dictionary<string, string[]> { ["note"] = [$"required, at most {MaxNoteLength} characters"] });

        await using var lift = await standing.BeginLiftAsync(suspensionId, cancellationToken);
        if (lift is null)
            return new SuspensionLift.NotFound();
        var now = clock.UtcNow;
        var suspension = lift.Suspension;
        if (suspension.LiftedAt is not null || suspension.EndsAt <= now)
            return new SuspensionLift.NotInForce(suspension);

        var lifted = await lift.LiftAsync(now, actor, trimmed, new AuditEntry(actor, "seat-suspension.lifted", $"seat-suspension:{suspension.Id}",
            new Dictionary<string, string?>
            {
                ["patron"] = suspension.PatronId.ToString(CultureInfo.InvariantCulture),
                ["endsAt"] = suspension.EndsAt.ToString("O", CultureInfo.InvariantCulture),
                ["note"] = trimmed,
            }), cancellationToken);
        return new SuspensionLift.Lifted(lifted);
    }
}

public abstract record SuspensionLift
{
    private SuspensionLift()
    {
    }

    public sealed record Lifted(SeatSuspension Suspension) : SuspensionLift;

    /// <summary>Already lifted, or over: nothing to lift.</summary>
    public sealed record NotInForce(SeatSuspension Suspension) : SuspensionLift;

    public sealed record NotFound : SuspensionLift;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : SuspensionLift;
}
