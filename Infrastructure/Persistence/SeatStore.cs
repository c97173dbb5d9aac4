using Dapper;
using Npgsql;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>Seat booking kept in PostgreSQL: reads from committed state, changes through <see cref="SeatWork"/>.</summary>
internal sealed class SeatStore(NpgsqlDataSource dataSource, NotificationOutbox outbox) : ISeats
{
    public async Task<Patron?> FindReaderAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(new CommandDefinition(
            $"{CirculationSql.SelectReader} {where}", parameters, cancellationToken: cancellationToken));
        return row?.ToPatron();
    }

    public async Task<IReadOnlyList<SeatZone>> ZonesAsync(string? branchCode, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SeatZoneRow>(new CommandDefinition(
            $"{SeatSql.SelectZones} where (@branchCode::text is null or b.code = @branchCode) order by b.id, z.floor, z.code",
            new { branchCode }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToZone())];
    }

    public async Task<SeatZone?> ZoneAsync(long zoneId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<SeatZoneRow>(new CommandDefinition(
            $"{SeatSql.SelectZones} where z.id = @zoneId", new { zoneId }, cancellationToken: cancellationToken)))?.ToZone();
    }

    public async Task<IReadOnlyList<SeatOnMap>> SeatMapAsync(long zoneId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SeatRow>(new CommandDefinition($"""
            select s.id, s.zone_id, s.code, s.has_power, s.has_lamp, s.by_window, s.enabled, s.map_row, s.map_column,
                   exists (select 1 from seat_bookings sb where sb.seat_id = s.id and sb.status in {SeatSql.Live} and sb.during @> @at) as taken
            from seats s where s.zone_id = @zoneId
            order by s.map_row nulls last, s.map_column nulls last, s.code
            """, new { zoneId, at = at.ToUniversalTime() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SeatOnMap(r.ToSeat(), r.Taken))];
    }

    public async Task<IReadOnlyList<SeatBooking>> BookingsOfAsync(long patronId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SeatBookingRow>(new CommandDefinition($"""
            {SeatSql.SelectBookings}
            where sb.patron_id = @patronId and (sb.status in {SeatSql.Live} or lower(sb.during) >= @since)
            order by lower(sb.during) desc, sb.id desc
            limit 50
            """, new { patronId, since = since.ToUniversalTime() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToBooking())];
    }

    public async Task<IReadOnlyList<Seat>> FreeSeatsAsync(long zoneId, long? nearSeatId, DateTimeOffset from, DateTimeOffset to, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Nearest on the floor view by grid distance from the seat asked for; seats without a place come last, by code.
        var rows = await connection.QueryAsync<SeatRow>(new CommandDefinition($"""
            {SeatSql.SelectSeats}
            left join seats near on near.id = @nearSeatId
            where s.zone_id = @zoneId and s.enabled and s.id is distinct from @nearSeatId
              and not exists (select 1 from seat_bookings sb
                              where sb.seat_id = s.id and sb.status in {SeatSql.Live} and sb.during && tstzrange(@from, @to, '[)'))
            order by abs(s.map_row - near.map_row) + abs(s.map_column - near.map_column) nulls last, s.code
            limit @limit
            """, new { zoneId, nearSeatId, from = from.ToUniversalTime(), to = to.ToUniversalTime(), limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSeat())];
    }

    public async Task<IReadOnlyList<SeatOccupant>> OccupantsAsync(long? zoneId, string? branchCode, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SeatBookingRow, OccupantRow, SeatOccupant>(new CommandDefinition($"""
            select sb.id, sb.patron_id, sb.seat_id, s.code as seat_code, z.id as zone_id, z.name as zone_name, z.name_en as zone_name_en,
                   br.code as branch_code, lower(sb.during) as starts, upper(sb.during) as ends, sb.status, sb.checked_in_at,
                   sb.leave_started_at, sb.leave_until, sb.ended_at, sb.end_reason, sb.ended_by,
                   z.code as zone_code, p.card_number, p.name as reader_name,
                   case sb.status when 'on_leave' then sb.leave_started_at when 'checked_in' then sb.checked_in_at else sb.created_at end as status_since
            from seat_bookings sb
            join seats s on s.id = sb.seat_id
            join seat_zones z on z.id = s.zone_id
            join branches br on br.id = z.branch_id
            join patrons p on p.id = sb.patron_id
            where sb.status in {SeatSql.Live} and sb.during @> @at
              and (@zoneId::bigint is null or z.id = @zoneId) and (@branchCode::text is null or br.code = @branchCode)
            order by br.id, z.code, s.code
            """, new { zoneId, branchCode, at = at.ToUniversalTime() }, cancellationToken: cancellationToken),
            (booking, occupant) => new SeatOccupant(booking.ToBooking(), occupant.ZoneCode, occupant.CardNumber, occupant.ReaderName,
                SeatSql.Utc(occupant.StatusSince)),
            splitOn: "zone_code");
        return [.. rows];
    }

    public async Task<ISeatWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new SeatWork(connection, transaction, outbox);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class OccupantRow
    {
        public string ZoneCode { get; init; } = "";
        public string CardNumber { get; init; } = "";
        public string ReaderName { get; init; } = "";
        public DateTime StatusSince { get; init; }
    }
}
