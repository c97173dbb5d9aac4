using Dapper;
using Npgsql;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms.Schedule;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>The room schedule's bookings in PostgreSQL: set-based reads and writes, a fixed number of statements per batch.</summary>
internal sealed class RoomScheduleStore(NpgsqlDataSource dataSource, NotificationOutbox outbox) : IRoomSchedule
{
    public async Task<IRoomScheduleWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new RoomScheduleWork(connection, transaction, outbox);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<DueRoomReminder>> AwaitingReminderAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RoomReminderRow>(new CommandDefinition(
            RoomScheduleSql.AwaitingReminder, new { now = now.ToUniversalTime() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DueRoomReminder(r.ToLive(), r.ToRoom(),
            new RoomMemberToTell(r.MemberId, r.MemberRole == "organiser", r.MemberStatus, PatronCodes.ParseLanguage(r.PreferredLanguage))))];
    }

    public async Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await outbox.EnqueueAllAsync(connection, null, notices, cancellationToken);
    }
}

/// <summary>A room booking row with what the schedule's notices name.</summary>
internal class RoomScheduleRow
{
    public long Id { get; init; }
    public long OrganiserId { get; init; }
    public string Status { get; init; } = "";
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public DateTime ConfirmBy { get; init; }
    public int CheckinOpensMinutes { get; init; }
    public int CheckinClosesMinutes { get; init; }
    public string RoomCode { get; init; } = "";
    public string RoomName { get; init; } = "";
    public string RoomNameEn { get; init; } = "";
    public int MinGroup { get; init; }

    public LiveRoomBooking ToLive() => new(Id, OrganiserId, Status, DueSeatBookingRow.Utc(StartsAt), DueSeatBookingRow.Utc(EndsAt),
        DueSeatBookingRow.Utc(ConfirmBy), CheckinOpensMinutes, CheckinClosesMinutes);

    public RoomNames ToRoom() => new(RoomCode, RoomName, RoomNameEn);
}

internal sealed class RoomReminderRow : RoomScheduleRow
{
    public long MemberId { get; init; }
    public string MemberRole { get; init; } = "";
    public string MemberStatus { get; init; } = "";
    public string PreferredLanguage { get; init; } = "zh";
}
