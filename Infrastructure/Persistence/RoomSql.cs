using Dapper;
using Npgsql;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>The statements the room store and its unit of work share, and the rows they read.</summary>
internal static class RoomSql
{
    public const string Live = "('pending', 'awaiting_approval', 'confirmed', 'checked_in')";

    public const string SelectRooms = """
        select r.id, r.branch_id, b.code as branch_code, r.code, r.name, r.name_en, r.floor, r.kind, r.capacity, r.min_group, r.has_screen,
               r.has_whiteboard, r.has_video, r.photo_url, r.needs_approval, r.patron_groups, r.enabled
        from rooms r
        join branches b on b.id = r.branch_id
        """;

    public const string SelectBookings = """
        select rb.id, rb.room_id, r.code as room_code, r.name as room_name, r.name_en as room_name_en, br.code as branch_code, rb.organiser_id,
               lower(rb.during) as starts, upper(rb.during) as ends, rb.topic, rb.status, rb.confirm_by, rb.decided_by, rb.decided_at,
               rb.decision_note, rb.checked_in_at, rb.checked_in_by, rb.ended_at, rb.end_reason, rb.ended_by, rb.created_at
        from room_bookings rb
        join rooms r on r.id = rb.room_id
        join branches br on br.id = r.branch_id
        """;

    public const string SelectLimits = """
        select days_ahead as DaysAhead, max_minutes as MaxMinutes, daily_max_minutes as DailyMaxMinutes, confirm_minutes as ConfirmMinutes,
               checkin_opens_minutes as CheckinOpensMinutes, checkin_closes_minutes as CheckinClosesMinutes
        from room_rules
        """;

    /// <summary>
    /// The rooms each patron holds, or held to their end, meeting a day: what their daily minutes and their
    /// one-room-at-a-time are judged on.
    /// </summary>
    public const string SelectHeld = $"""
        select m.patron_id, rb.id as booking_id, r.code as room_code, lower(rb.during) as starts, upper(rb.during) as ends, m.holds, rb.ended_at
        from room_booking_members m
        join room_bookings rb on rb.id = m.booking_id
        join rooms r on r.id = rb.room_id
        where m.patron_id = any(@patronIds) and rb.during && tstzrange(@dayFrom, @dayTo, '[)')
          and (m.holds or (m.status = 'confirmed' and rb.status = 'finished'))
        order by lower(rb.during), rb.id
        """;

    /// <summary>Runs a statement selecting <see cref="SelectBookings"/>' columns, then reads each booking's group.</summary>
    public static async Task<IReadOnlyList<RoomBooking>> ReadBookingsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        object? parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<RoomBookingRow>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var members = (await connection.QueryAsync<RoomMemberRow>(new CommandDefinition("""
            select m.booking_id, m.patron_id, p.card_number, p.name, m.role, m.status, m.responded_at, m.holds
            from room_booking_members m
            join patrons p on p.id = m.patron_id
            where m.booking_id = any(@ids)
            order by m.booking_id, m.role = 'organiser' desc, m.patron_id
            """, new { ids }, transaction, cancellationToken: cancellationToken))).ToLookup(m => m.BookingId);
        return [.. rows.Select(r => r.ToBooking([.. members[r.Id].Select(m => m.ToMember())]))];
    }

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? at) => at is { } value ? Utc(value) : null;
}

internal sealed class RoomRow
{
    public long Id { get; init; }
    public short BranchId { get; init; }
    public string BranchCode { get; init; } = "";
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Floor { get; init; } = "";
    public string Kind { get; init; } = "";
    public int Capacity { get; init; }
    public int MinGroup { get; init; }
    public bool HasScreen { get; init; }
    public bool HasWhiteboard { get; init; }
    public bool HasVideo { get; init; }
    public string? PhotoUrl { get; init; }
    public bool NeedsApproval { get; init; }
    public string[]? PatronGroups { get; init; }
    public bool Enabled { get; init; }

    public Room ToRoom() => new(Id, BranchId, BranchCode, Code, Name, NameEn, Floor, Kind, Capacity, MinGroup, HasScreen, HasWhiteboard, HasVideo,
        PhotoUrl, NeedsApproval, PatronGroups is null ? null : [.. PatronGroups.Select(PatronCodes.ParseGroup)], Enabled);
}

internal sealed class RoomBookingRow
{
    public long Id { get; init; }
    public long RoomId { get; init; }
    public string RoomCode { get; init; } = "";
    public string RoomName { get; init; } = "";
    public string RoomNameEn { get; init; } = "";
    public string BranchCode { get; init; } = "";
    public long OrganiserId { get; init; }
    public DateTime Starts { get; init; }
    public DateTime Ends { get; init; }
    public string Topic { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime ConfirmBy { get; init; }
    public string? DecidedBy { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? DecisionNote { get; init; }
    public DateTime? CheckedInAt { get; init; }
    public long? CheckedInBy { get; init; }
    public DateTime? EndedAt { get; init; }
    public string? EndReason { get; init; }
    public string? EndedBy { get; init; }
    public DateTime CreatedAt { get; init; }

    public RoomBooking ToBooking(IReadOnlyList<RoomMember> members) => new(Id, RoomId, RoomCode, RoomName, RoomNameEn, BranchCode, OrganiserId,
        RoomSql.Utc(Starts), RoomSql.Utc(Ends), Topic, Status, RoomSql.Utc(ConfirmBy), DecidedBy, RoomSql.Utc(DecidedAt), DecisionNote,
        RoomSql.Utc(CheckedInAt), CheckedInBy, RoomSql.Utc(EndedAt), EndReason, EndedBy, RoomSql.Utc(CreatedAt), members);
}

internal sealed class RoomMemberRow
{
    public long BookingId { get; init; }
    public long PatronId { get; init; }
    public string CardNumber { get; init; } = "";
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime? RespondedAt { get; init; }
    public bool Holds { get; init; }

    public RoomMember ToMember() => new(PatronId, CardNumber, Name, Role, Status, RoomSql.Utc(RespondedAt), Holds);
}

internal sealed class RoomHeldRow
{
    public long PatronId { get; init; }
    public long BookingId { get; init; }
    public string RoomCode { get; init; } = "";
    public DateTime Starts { get; init; }
    public DateTime Ends { get; init; }
    public bool Holds { get; init; }
    public DateTime? EndedAt { get; init; }

    public RoomHeld ToHeld() => new(BookingId, RoomCode, RoomSql.Utc(Starts), RoomSql.Utc(Ends), Holds, RoomSql.Utc(EndedAt));
}

internal sealed class RoomBlockRow
{
    public long Id { get; init; }
    public long RoomId { get; init; }
    public DateTime From { get; init; }
    public DateTime To { get; init; }
    public string Reason { get; init; } = "";
    public string BlockedBy { get; init; } = "";

    public RoomBlock ToBlock() => new(Id, RoomId, RoomSql.Utc(From), RoomSql.Utc(To), Reason, BlockedBy);
}
