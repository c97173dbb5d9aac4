using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class SeatStandingStore(NpgsqlDataSource dataSource) : ISeatStanding
{
    private const string SelectSuspension = """
        select id, patron_id, starts_at, ends_at, reason, violation_id, lifted_at, lifted_by, lift_note from seat_suspensions
        """;

    public async Task<long?> PatronOfCardAsync(string cardNumber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select id from patrons where card_number = @cardNumber", new { cardNumber }, cancellationToken: cancellationToken));
    }

    public async Task<SeatStandingFacts> StandingAsync(long patronId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            select preferred_language from patrons where id = @patronId;
            {SeatFairnessSql.Rules};
            select v.id, v.patron_id, coalesce(v.booking_id, v.room_booking_id) as booking_id, v.kind, v.occurred_at,
                   coalesce(s.code, r.code) as seat_code, coalesce(z.name, r.name) as zone_name, coalesce(z.name_en, r.name_en) as zone_name_en,
                   lower(coalesce(b.during, rb.during)) as booking_start, upper(coalesce(b.during, rb.during)) as booking_end,
                   coalesce(b.ended_at, rb.ended_at) as released_at
            from seat_violations v
            left join seat_bookings b on b.id = v.booking_id
            left join seats s on s.id = b.seat_id
            left join seat_zones z on z.id = s.zone_id
            -- A room no-show counts too: the room stands where the seat would.
            left join room_bookings rb on rb.id = v.room_booking_id
            left join rooms r on r.id = rb.room_id
            where v.patron_id = @patronId
            order by v.occurred_at desc, v.id desc;
            {SelectSuspension} where patron_id = @patronId order by starts_at desc, id desc;
            """, new { patronId }, cancellationToken: cancellationToken));
        var language = PatronCodes.ParseLanguage(await results.ReadSingleOrDefaultAsync<string>() ?? "zh");
        var rules = (await results.ReadSingleAsync<SeatRulesRow>()).ToRules();
        var violations = (await results.ReadAsync<ViolationRecordRow>()).Select(r => r.ToRecord()).ToList();
        var suspensions = (await results.ReadAsync<SuspensionRow>()).Select(r => r.ToSuspension()).ToList();
        return new SeatStandingFacts(language, rules, violations, suspensions);
    }

    public async Task<ISeatSuspensionLift?> BeginLiftAsync(long suspensionId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var row = await connection.QuerySingleOrDefaultAsync<SuspensionRow>(new CommandDefinition(
                $"{SelectSuspension} where id = @suspensionId for update", new { suspensionId }, transaction, cancellationToken: cancellationToken));
            if (row is null)
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
                return null;
            }
            return new SuspensionLift(connection, transaction, row.ToSuspension());
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<SeatFairnessPolicy> RulesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleAsync<SeatRulesRow>(new CommandDefinition(SeatFairnessSql.Rules, cancellationToken: cancellationToken))).ToRules();
    }

    public async Task<(SeatFairnessPolicy Before, SeatFairnessPolicy After)> UpdateRulesAsync(Func<SeatFairnessPolicy, SeatFairnessPolicy> change, Func<SeatFairnessPolicy, SeatFairnessPolicy, AuditEntry> audit,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locked, so that two admins' changes apply one after the other and each audit row's "before" is what it replaced.
        var before = (await connection.QuerySingleAsync<SeatRulesRow>(new CommandDefinition(
            $"{SeatFairnessSql.Rules} for update", transaction: transaction, cancellationToken: cancellationToken))).ToRules();
        var after = change(before);
        await connection.ExecuteAsync(new CommandDefinition("""
            update seat_rules set violations_to_suspend = @ViolationsToSuspend, violation_window_days = @ViolationWindowDays,
                suspension_days = @SuspensionDays, daily_cancellations = @DailyCancellations, updated_at = now()
            """, after, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, [audit(before, after)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (before, after);
    }

    private sealed class SuspensionLift(NpgsqlConnection connection, NpgsqlTransaction transaction, SeatSuspension suspension) : ISeatSuspensionLift
    {
        public SeatSuspension Suspension => suspension;

        public async Task<SeatSuspension> LiftAsync(DateTimeOffset at, string actor, string note, AuditEntry audit, CancellationToken cancellationToken)
        {
            var row = await connection.QuerySingleAsync<SuspensionRow>(new CommandDefinition("""
                update seat_suspensions set lifted_at = @at, lifted_by = @actor, lift_note = @note where id = @id
                returning id, patron_id, starts_at, ends_at, reason, violation_id, lifted_at, lifted_by, lift_note
                """, new { at = at.ToUniversalTime(), actor, note, id = suspension.Id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return row.ToSuspension();
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private sealed class ViolationRecordRow
    {
        public long Id { get; init; }
        public long PatronId { get; init; }
        public long BookingId { get; init; }
        public string Kind { get; init; } = "";
        public DateTime OccurredAt { get; init; }
        public string SeatCode { get; init; } = "";
        public string ZoneName { get; init; } = "";
        public string ZoneNameEn { get; init; } = "";
        public DateTime BookingStart { get; init; }
        public DateTime BookingEnd { get; init; }
        public DateTime? ReleasedAt { get; init; }

        public SeatViolationOnRecord ToRecord() => new(
            new SeatViolation(Id, PatronId, BookingId, Kind, DueSeatBookingRow.Utc(OccurredAt)), SeatCode, ZoneName, ZoneNameEn,
            DueSeatBookingRow.Utc(BookingStart), DueSeatBookingRow.Utc(BookingEnd), ReleasedAt is { } released ? DueSeatBookingRow.Utc(released) : null);
    }
}
