using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Seats.Releases;

/// <summary>Readers' seat standing (violations and suspensions) and the fairness rules, as staff and readers read and change them.</summary>
public interface ISeatStanding
{
    /// <summary>The patron id of a card number, or null.</summary>
    Task<long?> PatronOfCardAsync(string cardNumber, CancellationToken cancellationToken);

    /// <summary>The reader's violations (each with its booking) and suspensions, newest first, with the rules now in force.</summary>
    Task<SeatStandingFacts> StandingAsync(long patronId, CancellationToken cancellationToken);

    /// <summary>The suspension, locked until <see cref="ISeatSuspensionLift.CommitAsync"/>; null when there is none.</summary>
    Task<ISeatSuspensionLift?> BeginLiftAsync(long suspensionId, CancellationToken cancellationToken);

    Task<SeatFairnessPolicy> RulesAsync(CancellationToken cancellationToken);

    /// <summary>Changes the rules under the row's lock, with the audit row <paramref name="audit"/> makes from the rules before and after.</summary>
    Task<(SeatFairnessPolicy Before, SeatFairnessPolicy After)> UpdateRulesAsync(Func<SeatFairnessPolicy, SeatFairnessPolicy> change, Func<SeatFairnessPolicy, SeatFairnessPolicy, AuditEntry> audit,
        CancellationToken cancellationToken);
}

/// <summary>A suspension locked for lifting.</summary>
public interface ISeatSuspensionLift : IAsyncDisposable
{
    SeatSuspension Suspension { get; }

    Task<SeatSuspension> LiftAsync(DateTimeOffset at, string actor, string note, AuditEntry audit, CancellationToken cancellationToken);
}

/// <summary>A violation with the booking it ended: which seat, when it was booked, and when the server released it.</summary>
public sealed record SeatViolationOnRecord(SeatViolation Violation, string SeatCode, string ZoneName, string ZoneNameEn,
    DateTimeOffset BookingStart, DateTimeOffset BookingEnd, DateTimeOffset? ReleasedAt);

public sealed record SeatStandingFacts(Readers.Language Language, SeatFairnessPolicy Rules, IReadOnlyList<SeatViolationOnRecord> Violations, IReadOnlyList<SeatSuspension> Suspensions);
