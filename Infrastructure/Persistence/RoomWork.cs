using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>One room transaction: the room (a booking's share, a block's update), then people (<c>for no key update</c>, by id), then bookings.</summary>
internal sealed class RoomWork(NpgsqlConnection connection, NpgsqlTransaction transaction, NotificationOutbox outbox) : IRoomWork
{
    public async Task<Patron?> LockReaderAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(Command(
            $"{CirculationSql.SelectReader} {where} for no key update of p", parameters, cancellationToken));
        return row?.ToPatron();
    }

    public async Task LockPatronsAsync(IEnumerable<long> patronIds, CancellationToken cancellationToken)
    {
        var ids = patronIds.Distinct().Order().ToArray();
        if (ids.Length > 0)
            await connection.ExecuteAsync(Command("select id from patrons where id = any(@ids) order by id for no key update", new { ids }, cancellationToken));
    }

    public async Task<Room?> HoldRoomAsync(long roomId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<RoomRow>(Command($"{RoomSql.SelectRooms} where r.id = @roomId for key share of r",
            new { roomId }, cancellationToken)))?.ToRoom();

    public async Task<Room?> LockRoomAsync(long roomId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<RoomRow>(Command($"{RoomSql.SelectRooms} where r.id = @roomId for update of r",
            new { roomId }, cancellationToken)))?.ToRoom();

    public async Task<Room?> RoomAsync(long roomId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<RoomRow>(Command($"{RoomSql.SelectRooms} where r.id = @roomId", new { roomId }, cancellationToken)))?.ToRoom();

    public Task<RoomLimits> LimitsAsync(CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<RoomLimits>(Command(RoomSql.SelectLimits, null, cancellationToken));

    public async Task<LibraryCalendar> CalendarAsync(short branchId, CancellationToken cancellationToken)
    {
        await using var results = await connection.QueryMultipleAsync(Command(CirculationSql.SelectCalendars, null, cancellationToken));
        return (await CirculationSql.ReadCalendarsAsync(results)).GetValueOrDefault(branchId) ?? LoanRow.NoHours;
    }

    public async Task<IReadOnlyList<RoomBlock>> BlocksAsync(long roomId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<RoomBlockRow>(Command("""
            select id, room_id, lower(during) as "from", upper(during) as "to", reason, blocked_by from room_blocks
            where room_id = @roomId and during && tstzrange(@from, @to, '[)')
            order by lower(during)
            """, new { roomId, from = from.ToUniversalTime(), to = to.ToUniversalTime() }, cancellationToken));
        return [.. rows.Select(r => r.ToBlock())];
    }

    public async Task<PersonRoomDay> PersonDayAsync(long patronId, (DateTimeOffset From, DateTimeOffset To) day, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var held = await HeldAsync([patronId], day, cancellationToken);
        var suspension = await connection.QuerySingleOrDefaultAsync<SuspensionRow>(Command("""
            select ends_at, reason from seat_suspensions
            where patron_id = @patronId and starts_at <= @now and ends_at > @now and lifted_at is null
            order by ends_at desc limit 1
            """, new { patronId, now = now.ToUniversalTime() }, cancellationToken));
        return new PersonRoomDay(held[patronId].ToList(), suspension is { } s ? new SeatSuspension(RoomSql.Utc(s.EndsAt), s.Reason) : null);
    }

    public async Task<IReadOnlyList<RoomCompanion>> CompanionsAsync(IReadOnlyList<string> cards, (DateTimeOffset From, DateTimeOffset To) day,
        CancellationToken cancellationToken)
    {
        if (cards.Count == 0)
            return [];
        var found = (await connection.QueryAsync<PatronRow>(Command(
            $"{CirculationSql.SelectReader} where p.card_number = any(@cards)", new { cards = cards.ToArray() }, cancellationToken)))
            .ToDictionary(r => r.CardNumber, StringComparer.Ordinal);
        var ids = found.Values.Select(r => r.Id).ToArray();
        var bound = (await connection.QueryAsync<long>(Command("select patron_id from wechat_bindings where patron_id = any(@ids)", new { ids }, cancellationToken)))
            .ToHashSet();
        var held = await HeldAsync(ids, day, cancellationToken);
        return [.. cards.Select(card => found.TryGetValue(card, out var row)
            ? new RoomCompanion(card, row.ToPatron(), bound.Contains(row.Id), new PersonRoomDay([.. held[row.Id]], null))
            : new RoomCompanion(card, null, false, PersonRoomDay.Empty))];
    }

    private async Task<ILookup<long, RoomHeld>> HeldAsync(long[] patronIds, (DateTimeOffset From, DateTimeOffset To) day, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<RoomHeldRow>(Command(RoomSql.SelectHeld,
            new { patronIds, dayFrom = day.From.ToUniversalTime(), dayTo = day.To.ToUniversalTime() }, cancellationToken)))
        .ToLookup(r => r.PatronId, r => r.ToHeld());

    public async Task<RoomBookingInsert> AddBookingAsync(NewRoomBooking booking, CancellationToken cancellationToken)
    {
        // "on conflict do nothing" meets both exclusion constraints: a lost race or an organiser's overlap is a value, not an error.
        var range = new { starts = booking.Starts.ToUniversalTime(), ends = booking.Ends.ToUniversalTime() };
        var id = await connection.ExecuteScalarAsync<long?>(Command("""
            insert into room_bookings (room_id, organiser_id, during, topic, status, confirm_by)
            values (@RoomId, @OrganiserId, tstzrange(@starts, @ends, '[)'), @Topic, @Status, @confirmBy)
            on conflict do nothing
            returning id
            """, new { booking.RoomId, booking.OrganiserId, range.starts, range.ends, booking.Topic, booking.Status, confirmBy = booking.ConfirmBy.ToUniversalTime() },
            cancellationToken));
        if (id is not { } bookingId)
            return new RoomBookingInsert.RoomTaken();
        var organiser = await connection.ExecuteScalarAsync<long?>(Command("""
            insert into room_booking_members (booking_id, patron_id, role, status, during, holds)
            values (@bookingId, @OrganiserId, 'organiser', 'confirmed', tstzrange(@starts, @ends, '[)'), true)
            on conflict do nothing
            returning patron_id
            """, new { bookingId, booking.OrganiserId, range.starts, range.ends }, cancellationToken));
        if (organiser is null)
            return new RoomBookingInsert.OrganiserBusy();
        if (booking.CompanionIds.Count > 0)
            await connection.ExecuteAsync(Command("""
                insert into room_booking_members (booking_id, patron_id, role, status, during)
                select @bookingId, c, 'companion', 'invited', tstzrange(@starts, @ends, '[)') from unnest(@companions) c
                """, new { bookingId, companions = booking.CompanionIds.ToArray(), range.starts, range.ends }, cancellationToken));
        return new RoomBookingInsert.Added(bookingId);
    }

    public Task<long?> LatestInvitationAsync(long patronId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(Command($"""
            select rb.id from room_booking_members m join room_bookings rb on rb.id = m.booking_id
            where m.patron_id = @patronId and m.role = 'companion' and upper(rb.during) > @now - interval '1 day'
            order by (m.status = 'invited' and rb.status in {RoomSql.Live} and upper(rb.during) > @now
                      and (rb.status not in ('pending', 'awaiting_approval') or rb.confirm_by > @now)) desc,
                     rb.created_at desc, rb.id desc
            limit 1
            """, new { patronId, now = now.ToUniversalTime() }, cancellationToken));

    public Task<IReadOnlyList<RoomBooking>> LiveBookingsOfAsync(long patronId, CancellationToken cancellationToken) =>
        RoomSql.ReadBookingsAsync(connection, transaction, $"""
            {RoomSql.SelectBookings}
            where rb.status in {RoomSql.Live}
              and exists (select 1 from room_booking_members m where m.booking_id = rb.id and m.patron_id = @patronId)
            order by lower(rb.during), rb.id
            """, new { patronId }, cancellationToken);

    public async Task<IReadOnlyList<long>> MemberIdsAsync(long bookingId, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<long>(Command(
            "select patron_id from room_booking_members where booking_id = @bookingId order by patron_id", new { bookingId }, cancellationToken))];

    public async Task<RoomBooking?> LockBookingAsync(long bookingId, CancellationToken cancellationToken) =>
        (await RoomSql.ReadBookingsAsync(connection, transaction, $"{RoomSql.SelectBookings} where rb.id = @bookingId for no key update of rb",
            new { bookingId }, cancellationToken)).SingleOrDefault();

    public async Task<MemberConfirmation> ConfirmMemberAsync(long bookingId, long patronId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The person-overlap constraint is the last word on one room at a time; the savepoint keeps the work usable after it.
        await transaction.SaveAsync("confirm", cancellationToken);
        try
        {
            await connection.ExecuteAsync(Command("""
                update room_booking_members set status = 'confirmed', responded_at = @at, holds = true
                where booking_id = @bookingId and patron_id = @patronId and status = 'invited'
                """, new { bookingId, patronId, at = at.ToUniversalTime() }, cancellationToken));
            await transaction.ReleaseAsync("confirm", cancellationToken);
            return new MemberConfirmation.Confirmed();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            await transaction.RollbackAsync("confirm", cancellationToken);
            return new MemberConfirmation.Busy();
        }
    }

    public Task DeclineMemberAsync(long bookingId, long patronId, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("""
            update room_booking_members set status = 'declined', responded_at = @at, holds = false
            where booking_id = @bookingId and patron_id = @patronId and status = 'invited'
            """, new { bookingId, patronId, at = at.ToUniversalTime() }, cancellationToken));

    public Task SetStatusAsync(long bookingId, string status, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command($"update room_bookings set status = @status where id = @bookingId and status in {RoomSql.Live}",
            new { bookingId, status }, cancellationToken));

    public Task ApproveAsync(long bookingId, string actor, DateTimeOffset at, string? note, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("""
            update room_bookings set status = 'confirmed', decided_by = @actor, decided_at = @at, decision_note = @note
            where id = @bookingId and status = 'awaiting_approval'
            """, new { bookingId, actor, at = at.ToUniversalTime(), note }, cancellationToken));

    public async Task RejectAsync(long bookingId, string actor, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        var rejected = await connection.ExecuteAsync(Command("""
            update room_bookings set status = 'rejected', decided_by = @actor, decided_at = @at, decision_note = @reason,
                                     ended_at = @at, end_reason = 'rejected', ended_by = @actor
            where id = @bookingId and status = 'awaiting_approval'
            """, new { bookingId, actor, at = at.ToUniversalTime(), reason }, cancellationToken));
        if (rejected > 0)
            await ReleaseMembersAsync(bookingId, cancellationToken);
    }

    public Task CheckInAsync(long bookingId, long patronId, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("""
            update room_bookings set status = 'checked_in', checked_in_at = @at, checked_in_by = @patronId where id = @bookingId and status = 'confirmed'
            """, new { bookingId, patronId, at = at.ToUniversalTime() }, cancellationToken));

    public async Task EndBookingAsync(long bookingId, string status, string reason, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ended = await connection.ExecuteAsync(Command($"""
            update room_bookings set status = @status, end_reason = @reason, ended_by = @actor, ended_at = @at
            where id = @bookingId and status in {RoomSql.Live}
            """, new { bookingId, status, reason, actor, at = at.ToUniversalTime() }, cancellationToken));
        if (ended > 0)
            await ReleaseMembersAsync(bookingId, cancellationToken);
    }

    // Every ending frees the group in the same transaction: no one holds a room of an ended booking.
    private Task<int> ReleaseMembersAsync(long bookingId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command("update room_booking_members set holds = false where booking_id = @bookingId and holds",
            new { bookingId }, cancellationToken));

    public Task<short?> BranchIdAsync(string branchCode, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<short?>(Command("select id from branches where code = @branchCode", new { branchCode }, cancellationToken));

    public Task<RoomSetup> AddRoomAsync(short branchId, RoomFields f, CancellationToken cancellationToken) =>
        SaveAsync(async () => await connection.ExecuteScalarAsync<long>(Command("""
            insert into rooms (branch_id, code, name, name_en, floor, kind, capacity, min_group, has_screen, has_whiteboard, has_video, photo_url,
                               needs_approval, patron_groups, enabled)
            values (@branchId, @Code, @Name, @NameEn, coalesce(@Floor, ''), coalesce(@Kind, 'discussion'), @Capacity, coalesce(@MinGroup, 1),
                    coalesce(@HasScreen, false), coalesce(@HasWhiteboard, false), coalesce(@HasVideo, false), nullif(@PhotoUrl, ''),
                    coalesce(@NeedsApproval, false), @groups::text[], coalesce(@Enabled, true))
            returning id
            """, RoomParameters(f, new { branchId }), cancellationToken)));

    public Task<RoomSetup> UpdateRoomAsync(long roomId, RoomFields f, CancellationToken cancellationToken) =>
        SaveAsync(() => connection.ExecuteScalarAsync<long?>(Command("""
            update rooms set code = coalesce(@Code, code), name = coalesce(@Name, name), name_en = coalesce(@NameEn, name_en),
                floor = coalesce(@Floor, floor), kind = coalesce(@Kind, kind), capacity = coalesce(@Capacity, capacity),
                min_group = coalesce(@MinGroup, min_group), has_screen = coalesce(@HasScreen, has_screen),
                has_whiteboard = coalesce(@HasWhiteboard, has_whiteboard), has_video = coalesce(@HasVideo, has_video),
                photo_url = case when @PhotoUrl::text is null then photo_url else nullif(@PhotoUrl, '') end,
                needs_approval = coalesce(@NeedsApproval, needs_approval),
                patron_groups = case when @groupsGiven then @groups::text[] else patron_groups end,
                enabled = coalesce(@Enabled, enabled)
            where id = @roomId
            returning id
            """, RoomParameters(f, new { roomId }), cancellationToken)));

    public Task<long> AddBlockAsync(long roomId, DateTimeOffset from, DateTimeOffset to, string reason, string actor, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(Command("""
            insert into room_blocks (room_id, during, reason, blocked_by) values (@roomId, tstzrange(@from, @to, '[)'), @reason, @actor)
            returning id
            """, new { roomId, from = from.ToUniversalTime(), to = to.ToUniversalTime(), reason, actor }, cancellationToken));

    public async Task<IReadOnlyList<(long BookingId, IReadOnlyList<long> PatronIds)>> LiveBookingsMeetingAsync(long roomId, DateTimeOffset from,
        DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(long BookingId, long[] PatronIds)>(Command($"""
            select rb.id, array_agg(m.patron_id order by m.patron_id)
            from room_bookings rb join room_booking_members m on m.booking_id = rb.id
            where rb.room_id = @roomId and rb.status in {RoomSql.Live} and rb.during && tstzrange(@from, @to, '[)')
            group by rb.id
            order by rb.id
            """, new { roomId, from = from.ToUniversalTime(), to = to.ToUniversalTime() }, cancellationToken));
        return [.. rows.Select(r => (r.BookingId, (IReadOnlyList<long>)r.PatronIds))];
    }

    public async Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        if (notices.Count > 0)
            await outbox.EnqueueAllAsync(connection, transaction, notices, cancellationToken);
    }

    public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken) => AuditLog.WriteAsync(transaction, [entry], cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private static DynamicParameters RoomParameters(RoomFields f, object key)
    {
        var parameters = new DynamicParameters(key);
        // An empty list opens the room to every group (null); codes are stored as the schema spells them.
        var groups = f.PatronGroups is { Count: > 0 } given ? given.Select(g => PatronCodes.ParseGroup(g).Code()).Distinct().ToArray() : null;
        parameters.AddDynamicParams(new
        {
            f.Code, f.Name, f.NameEn, f.Floor, f.Kind, f.Capacity, f.MinGroup, f.HasScreen, f.HasWhiteboard, f.HasVideo, f.PhotoUrl, f.NeedsApproval,
            f.Enabled, groups, groupsGiven = f.PatronGroups is not null,
        });
        return parameters;
    }

    /// <summary>A code already in use or fields that do not fit together (a group larger than the room) come back as a conflict.</summary>
    private async Task<RoomSetup> SaveAsync(Func<Task<long?>> save)
    {
        await transaction.SaveAsync("setup");
        try
        {
            var id = await save();
            await transaction.ReleaseAsync("setup");
            return id is { } saved ? new RoomSetup.Saved(saved) : new RoomSetup.NotFound();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation)
        {
            await transaction.RollbackAsync("setup");
            return new RoomSetup.Conflict(e.SqlState == PostgresErrorCodes.UniqueViolation
                ? "the code is already in use"
                : $"the values do not fit together ({e.ConstraintName})");
        }
    }

    private sealed class SuspensionRow
    {
        public DateTime EndsAt { get; init; }
        public string Reason { get; init; } = "";
    }
}
