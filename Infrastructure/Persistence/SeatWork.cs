using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>One seat transaction: the reader's row first (<c>for no key update</c>), then seats, then bookings.</summary>
internal sealed class SeatWork(NpgsqlConnection connection, NpgsqlTransaction transaction, NotificationOutbox outbox) : ISeatWork
{
    public async Task<Patron?> LockReaderAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(Command(
            $"{CirculationSql.SelectReader} {where} for no key update of p", parameters, cancellationToken));
        return row?.ToPatron();
    }

    public async Task<Patron?> LockPatronAsync(long patronId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<PatronRow>(Command(
            $"{CirculationSql.SelectReader} where p.id = @patronId for no key update of p", new { patronId }, cancellationToken)))?.ToPatron();

    public async Task<ReaderSeatDay> ReaderDayAsync(long patronId, (DateTimeOffset From, DateTimeOffset To) day, (DateTimeOffset From, DateTimeOffset To) today,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var results = await connection.QueryMultipleAsync(Command($"""
            {SeatSql.SelectBookings}
            where sb.patron_id = @patronId
              and (sb.status in {SeatSql.Live} or (lower(sb.during) >= @dayFrom and lower(sb.during) < @dayTo))
            order by sb.id;
            select count(*)::int from seat_bookings
            where patron_id = @patronId and end_reason = 'cancelled_by_reader' and ended_at >= @todayFrom and ended_at < @todayTo;
            select ends_at, reason from seat_suspensions
            where patron_id = @patronId and starts_at <= @now and ends_at > @now and lifted_at is null
            order by ends_at desc limit 1;
            """, new
        {
            patronId,
            dayFrom = day.From.ToUniversalTime(), dayTo = day.To.ToUniversalTime(),
            todayFrom = today.From.ToUniversalTime(), todayTo = today.To.ToUniversalTime(),
            now = now.ToUniversalTime(),
        }, cancellationToken));
        var bookings = (await results.ReadAsync<SeatBookingRow>()).Select(r => r.ToBooking()).ToList();
        var cancellations = await results.ReadSingleAsync<int>();
        var suspension = await results.ReadSingleOrDefaultAsync<SuspensionRow>();
        var dayFrom = day.From;
        var dayTo = day.To;
        return new ReaderSeatDay(
            bookings.FirstOrDefault(b => b.Live),
            [.. bookings.Where(b => b.Starts >= dayFrom && b.Starts < dayTo)],
            cancellations,
            suspension is { } s ? new SeatSuspension(SeatSql.Utc(s.EndsAt), s.Reason) : null);
    }

    private sealed class SuspensionRow
    {
        public DateTime EndsAt { get; init; }
        public string Reason { get; init; } = "";
    }

    public async Task<SeatBooking?> LiveBookingOfAsync(long patronId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<SeatBookingRow>(Command(
            $"{SeatSql.SelectBookings} where sb.patron_id = @patronId and sb.status in {SeatSql.Live}", new { patronId }, cancellationToken)))?.ToBooking();

    public async Task<(Seat Seat, SeatZone Zone)?> SeatAsync(string code, CancellationToken cancellationToken)
    {
        var seat = await connection.QuerySingleOrDefaultAsync<SeatRow>(Command(
            $"{SeatSql.SelectSeats} where upper(s.code) = upper(@code)", new { code }, cancellationToken));
        if (seat is null || await ZoneAsync(seat.ZoneId, cancellationToken) is not { } zone)
            return null;
        return (seat.ToSeat(), zone);
    }

    public async Task<SeatZone?> ZoneAsync(long zoneId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<SeatZoneRow>(Command($"{SeatSql.SelectZones} where z.id = @zoneId", new { zoneId }, cancellationToken)))
            ?.ToZone();

    public Task ShareZoneAsync(long zoneId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("select 1 from seat_zones where id = @zoneId for key share", new { zoneId }, cancellationToken));

    public async Task<SeatZone?> LockZoneAsync(long zoneId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<SeatZoneRow>(Command($"{SeatSql.SelectZones} where z.id = @zoneId for update of z", new { zoneId },
            cancellationToken)))?.ToZone();

    public async Task<IReadOnlyList<SeatZoneClosure>> ClosuresAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(long Id, long ZoneId, DateTime From, DateTime To, string Reason, string ClosedBy)>(Command("""
            select id, zone_id, lower(during), upper(during), reason, closed_by from seat_zone_closures
            where zone_id = @zoneId and during && tstzrange(@from, @to, '[)')
            order by lower(during)
            """, new { zoneId, from = from.ToUniversalTime(), to = to.ToUniversalTime() }, cancellationToken));
        return [.. rows.Select(r => new SeatZoneClosure(r.Id, r.ZoneId, SeatSql.Utc(r.From), SeatSql.Utc(r.To), r.Reason, r.ClosedBy))];
    }

    public async Task<LibraryCalendar> CalendarAsync(short branchId, CancellationToken cancellationToken)
    {
        await using var results = await connection.QueryMultipleAsync(Command(CirculationSql.SelectCalendars, null, cancellationToken));
        return (await CirculationSql.ReadCalendarsAsync(results)).GetValueOrDefault(branchId) ?? LoanRow.NoHours;
    }

    public Task<int> DailyCancellationsAsync(CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(Command("select daily_cancellations from seat_rules", null, cancellationToken));

    public async Task<IReadOnlyList<Seat>> LockFreeSeatsAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, SeatPreference preference, int limit,
        CancellationToken cancellationToken)
    {
        // skip locked: seats another booking holds a lock on are passed over, so readers at once spread over the free seats.
        var rows = await connection.QueryAsync<SeatRow>(Command($"""
            {SeatSql.SelectSeats}
            where s.zone_id = @zoneId and s.enabled
              and not exists (select 1 from seat_bookings sb
                              where sb.seat_id = s.id and sb.status in {SeatSql.Live} and sb.during && tstzrange(@from, @to, '[)'))
            order by (case when @power and s.has_power then 1 else 0 end)
                   + (case when @lamp and s.has_lamp then 1 else 0 end)
                   + (case when @window and s.by_window then 1 else 0 end) desc,
                     s.code
            limit @limit
            for no key update of s skip locked
            """, new
        {
            zoneId, from = from.ToUniversalTime(), to = to.ToUniversalTime(), limit,
            power = preference.Power, lamp = preference.Lamp, window = preference.Window,
        }, cancellationToken));
        return [.. rows.Select(r => r.ToSeat())];
    }

    public async Task<SeatBookingInsert> AddBookingAsync(NewSeatBooking booking, CancellationToken cancellationToken)
    {
        // "on conflict do nothing" meets the exclusion constraint and the one-live-per-reader index alike, and leaves the
        // work usable after a lost race (no savepoint round trips), so "the best free seat" can try the next candidate.
        var id = await connection.ExecuteScalarAsync<long?>(Command("""
            insert into seat_bookings (seat_id, patron_id, during) values (@SeatId, @PatronId, tstzrange(@starts, @ends, '[)'))
            on conflict do nothing
            returning id
            """, new { booking.SeatId, booking.PatronId, starts = booking.Starts.ToUniversalTime(), ends = booking.Ends.ToUniversalTime() },
            cancellationToken));
        if (id is { } added)
            return new SeatBookingInsert.Added(added);
        return await LiveBookingOfAsync(booking.PatronId, cancellationToken) is not null ? new SeatBookingInsert.ReaderHasLive() : new SeatBookingInsert.SeatTaken();
    }

    public async Task<SeatBooking?> LockBookingAsync(long bookingId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<SeatBookingRow>(Command(
            $"{SeatSql.SelectBookings} where sb.id = @bookingId for no key update of sb", new { bookingId }, cancellationToken)))?.ToBooking();

    public Task<long?> BookingOwnerAsync(long bookingId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(Command("select patron_id from seat_bookings where id = @bookingId", new { bookingId }, cancellationToken));

    public Task CheckInAsync(long bookingId, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("update seat_bookings set status = 'checked_in', checked_in_at = @at where id = @bookingId and status = 'booked'",
            new { bookingId, at = at.ToUniversalTime() }, cancellationToken));

    public Task StartLeaveAsync(long bookingId, DateTimeOffset at, DateTimeOffset until, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("""
            update seat_bookings set status = 'on_leave', leave_started_at = @at, leave_until = @until where id = @bookingId and status = 'checked_in'
            """, new { bookingId, at = at.ToUniversalTime(), until = until.ToUniversalTime() }, cancellationToken));

    public Task ReturnFromLeaveAsync(long bookingId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("""
            update seat_bookings set status = 'checked_in', leave_started_at = null, leave_until = null where id = @bookingId and status = 'on_leave'
            """, new { bookingId }, cancellationToken));

    public Task EndBookingAsync(long bookingId, string status, string reason, string actor, DateTimeOffset at, string? note,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command($"""
            update seat_bookings set status = @status, end_reason = @reason, ended_by = @actor, ended_at = @at, end_note = @note, leave_until = null
            where id = @bookingId and status in {SeatSql.Live}
            """, new { bookingId, status, reason, actor, at = at.ToUniversalTime(), note }, cancellationToken));

    public Task<SeatSetup> AddZoneAsync(short branchId, SeatZoneFields f, CancellationToken cancellationToken) =>
        SaveAsync(async () => await connection.ExecuteScalarAsync<long>(Command("""
            insert into seat_zones (branch_id, code, name, name_en, floor, kind, enabled, booking_opens_at, opens_day_before, min_minutes,
                                    max_minutes, daily_max_minutes, default_minutes, checkin_opens_minutes, checkin_closes_minutes,
                                    leave_minutes, meal_leave_minutes)
            values (@branchId, @Code, @Name, @NameEn, @Floor, @Kind, coalesce(@Enabled, true), coalesce(@BookingOpensAt, time '07:00'),
                    coalesce(@OpensDayBefore, false), coalesce(@MinMinutes, 30), coalesce(@MaxMinutes, 240), coalesce(@DailyMaxMinutes, 480),
                    coalesce(@DefaultMinutes, least(greatest(240, coalesce(@MinMinutes, 30)), coalesce(@MaxMinutes, 240))),
                    coalesce(@CheckinOpensMinutes, 15), coalesce(@CheckinClosesMinutes, 30), coalesce(@LeaveMinutes, 30),
                    coalesce(@MealLeaveMinutes, 60))
            returning id
            """, ZoneParameters(f, new { branchId }), cancellationToken)));

    public Task<SeatSetup> UpdateZoneAsync(long zoneId, SeatZoneFields f, CancellationToken cancellationToken) =>
        SaveAsync(() => connection.ExecuteScalarAsync<long?>(Command("""
            update seat_zones set code = coalesce(@Code, code), name = coalesce(@Name, name), name_en = coalesce(@NameEn, name_en),
                floor = coalesce(@Floor, floor), kind = coalesce(@Kind, kind), enabled = coalesce(@Enabled, enabled),
                booking_opens_at = coalesce(@BookingOpensAt, booking_opens_at), opens_day_before = coalesce(@OpensDayBefore, opens_day_before),
                min_minutes = coalesce(@MinMinutes, min_minutes), max_minutes = coalesce(@MaxMinutes, max_minutes),
                daily_max_minutes = coalesce(@DailyMaxMinutes, daily_max_minutes), default_minutes = coalesce(@DefaultMinutes, default_minutes),
                checkin_opens_minutes = coalesce(@CheckinOpensMinutes, checkin_opens_minutes),
                checkin_closes_minutes = coalesce(@CheckinClosesMinutes, checkin_closes_minutes),
                leave_minutes = coalesce(@LeaveMinutes, leave_minutes), meal_leave_minutes = coalesce(@MealLeaveMinutes, meal_leave_minutes)
            where id = @zoneId
            returning id
            """, ZoneParameters(f, new { zoneId }), cancellationToken)));

    public Task<SeatSetup> AddSeatAsync(long zoneId, SeatFields f, CancellationToken cancellationToken) =>
        SaveAsync(async () => await connection.ExecuteScalarAsync<long>(Command("""
            insert into seats (zone_id, code, has_power, has_lamp, by_window, enabled, map_row, map_column)
            values (@zoneId, @Code, coalesce(@HasPower, false), coalesce(@HasLamp, false), coalesce(@ByWindow, false), coalesce(@Enabled, true),
                    @MapRow, @MapColumn)
            returning id
            """, new { zoneId, f.Code, f.HasPower, f.HasLamp, f.ByWindow, f.Enabled, f.MapRow, f.MapColumn }, cancellationToken)));

    public Task<SeatSetup> UpdateSeatAsync(long seatId, SeatFields f, CancellationToken cancellationToken) =>
        SaveAsync(() => connection.ExecuteScalarAsync<long?>(Command("""
            update seats set zone_id = coalesce(@ZoneId, zone_id), code = coalesce(@Code, code), has_power = coalesce(@HasPower, has_power),
                has_lamp = coalesce(@HasLamp, has_lamp), by_window = coalesce(@ByWindow, by_window), enabled = coalesce(@Enabled, enabled),
                map_row = coalesce(@MapRow, map_row), map_column = coalesce(@MapColumn, map_column)
            where id = @seatId
            returning id
            """, new { seatId, f.ZoneId, f.Code, f.HasPower, f.HasLamp, f.ByWindow, f.Enabled, f.MapRow, f.MapColumn }, cancellationToken)));

    public Task<short?> BranchIdAsync(string branchCode, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<short?>(Command("select id from branches where code = @branchCode", new { branchCode }, cancellationToken));

    public Task<long> AddClosureAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, string reason, string actor, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(Command("""
            insert into seat_zone_closures (zone_id, during, reason, closed_by) values (@zoneId, tstzrange(@from, @to, '[)'), @reason, @actor)
            returning id
            """, new { zoneId, from = from.ToUniversalTime(), to = to.ToUniversalTime(), reason, actor }, cancellationToken));

    public async Task<IReadOnlyList<(long BookingId, long PatronId)>> LiveBookingsMeetingAsync(long zoneId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<(long, long)>(Command($"""
            select sb.id, sb.patron_id from seat_bookings sb join seats s on s.id = sb.seat_id
            where s.zone_id = @zoneId and sb.status in {SeatSql.Live} and sb.during && tstzrange(@from, @to, '[)')
            order by sb.patron_id
            """, new { zoneId, from = from.ToUniversalTime(), to = to.ToUniversalTime() }, cancellationToken))];

    public Task EnqueueAsync(Notice notice, CancellationToken cancellationToken) => outbox.EnqueueAsync(connection, transaction, notice, cancellationToken);

    public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken) => AuditLog.WriteAsync(transaction, [entry], cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private static DynamicParameters ZoneParameters(SeatZoneFields f, object key)
    {
        var parameters = new DynamicParameters(key);
        parameters.AddDynamicParams(new
        {
            f.Code, f.Name, f.NameEn, f.Floor, f.Kind, f.Enabled, f.BookingOpensAt, f.OpensDayBefore, f.MinMinutes, f.MaxMinutes,
            f.DailyMaxMinutes, f.DefaultMinutes, f.CheckinOpensMinutes, f.CheckinClosesMinutes, f.LeaveMinutes, f.MealLeaveMinutes,
        });
        return parameters;
    }

    /// <summary>A code already in use or rules that do not fit together come back as a conflict; the savepoint keeps the work usable.</summary>
    private async Task<SeatSetup> SaveAsync(Func<Task<long?>> save)
    {
        await transaction.SaveAsync("setup");
        try
        {
            var id = await save();
            await transaction.ReleaseAsync("setup");
            return id is { } saved ? new SeatSetup.Saved(saved) : new SeatSetup.NotFound();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation)
        {
            await transaction.RollbackAsync("setup");
            return new SeatSetup.Conflict(e.SqlState == PostgresErrorCodes.UniqueViolation
                ? "the code is already in use"
                : $"the values do not fit together ({e.ConstraintName})");
        }
    }
}
