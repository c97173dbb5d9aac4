using Dapper;
using Npgsql;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>Room booking kept in PostgreSQL: reads from committed state, changes through <see cref="RoomWork"/>.</summary>
internal sealed class RoomStore(NpgsqlDataSource dataSource, NotificationOutbox outbox) : IRooms
{
    public async Task<Patron?> FindReaderAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(new CommandDefinition(
            $"{CirculationSql.SelectReader} {where}", parameters, cancellationToken: cancellationToken));
        return row?.ToPatron();
    }

    public async Task<IReadOnlyList<Room>> RoomsAsync(string? branchCode, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RoomRow>(new CommandDefinition(
            $"{RoomSql.SelectRooms} where (@branchCode::text is null or b.code = @branchCode) order by b.id, r.floor, r.code",
            new { branchCode }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRoom())];
    }

    public async Task<Room?> RoomAsync(long roomId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<RoomRow>(new CommandDefinition(
            $"{RoomSql.SelectRooms} where r.id = @roomId", new { roomId }, cancellationToken: cancellationToken)))?.ToRoom();
    }

    public async Task<Room?> RoomByCodeAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryFirstOrDefaultAsync<RoomRow>(new CommandDefinition(
            $"{RoomSql.SelectRooms} where lower(r.code) = lower(@code) order by r.code = @code desc limit 1", new { code }, cancellationToken: cancellationToken)))?.ToRoom();
    }

    public async Task<RoomLimits> LimitsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<RoomLimits>(new CommandDefinition(RoomSql.SelectLimits, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyDictionary<short, LibraryCalendar>> CalendarsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(CirculationSql.SelectCalendars, cancellationToken: cancellationToken));
        return await CirculationSql.ReadCalendarsAsync(results);
    }

    public async Task<IReadOnlyList<RoomBooking>> BookingsMeetingAsync(IReadOnlyCollection<long> roomIds, DateTimeOffset from, DateTimeOffset to, bool liveOnly,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await RoomSql.ReadBookingsAsync(connection, null, $"""
            {RoomSql.SelectBookings}
            where rb.room_id = any(@roomIds) and rb.during && tstzrange(@from, @to, '[)') and (not @liveOnly or rb.status in {RoomSql.Live})
            order by rb.room_id, lower(rb.during), rb.id
            """, new { roomIds = roomIds.ToArray(), from = from.ToUniversalTime(), to = to.ToUniversalTime(), liveOnly }, cancellationToken);
    }

    public async Task<IReadOnlyList<RoomBlock>> BlocksMeetingAsync(IReadOnlyCollection<long> roomIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RoomBlockRow>(new CommandDefinition("""
            select id, room_id, lower(during) as "from", upper(during) as "to", reason, blocked_by from room_blocks
            where room_id = any(@roomIds) and during && tstzrange(@from, @to, '[)')
            order by room_id, lower(during)
            """, new { roomIds = roomIds.ToArray(), from = from.ToUniversalTime(), to = to.ToUniversalTime() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToBlock())];
    }

    public async Task<IReadOnlyList<RoomBooking>> BookingsOfAsync(long patronId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await RoomSql.ReadBookingsAsync(connection, null, $"""
            {RoomSql.SelectBookings}
            where exists (select 1 from room_booking_members m where m.booking_id = rb.id and m.patron_id = @patronId)
              and (rb.status in {RoomSql.Live} or lower(rb.during) >= @since)
            order by lower(rb.during) desc, rb.id desc
            limit 50
            """, new { patronId, since = since.ToUniversalTime() }, cancellationToken);
    }

    public async Task<IReadOnlyList<RoomBooking>> AwaitingApprovalAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await RoomSql.ReadBookingsAsync(connection, null, $"""
            {RoomSql.SelectBookings}
            where rb.status = 'awaiting_approval'
            order by rb.created_at, rb.id
            limit 200
            """, null, cancellationToken);
    }

    public async Task<IRoomWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new RoomWork(connection, transaction, outbox);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
