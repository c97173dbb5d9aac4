using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Rooms.Schedule;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Rooms;

/// <summary>
/// The room schedule run at once by two service instances on one database, as a deployment would after downtime: each
/// booking is changed once, and a reader's seat and room no-shows judged at the same moment count each other. The
/// instances' own scheduler is off; the tests call the schedule as the job does. Each test has its own readers and rooms.
/// </summary>
internal sealed class ScheduleConcurrencyTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 14, 16, 40, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    private TestDatabase _database = null!;
    private ApiFactory _first = null!;
    private ApiFactory _second = null!;

    [OneTimeSetUp]
    public async Task StartServices()
    {
        _database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Now);
        _first = Instance(clock);
        _second = Instance(clock);
        _ = _first.Services;
        _ = _second.Services;
        await _database.OpenLibraryAsync();
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Forty_runs_on_two_instances_after_downtime_change_each_booking_once()
    {
        // The service was down since 13:00: deadlines passed at 13:30, check-in closed at 14:15, time ran out at 15:00.
        var start = Now.AddHours(-2).AddMinutes(-40);
        var cards = Enumerable.Range(1, 40).Select(i => $"D{i:0000}").ToArray();
        var companions = Enumerable.Range(1, 40).Select(i => $"E{i:0000}").ToArray();
        await _first.AddReadersWithoutPinAsync([.. cards.Concat(companions).Select(c => Reader(c))]);
        var lapsing = new List<long>();
        var releasing = new List<long>();
        var finishing = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var room = $"D-{i:000}";
            await _database.AddRoomAsync(room, minGroup: 2);
            var (status, list) = (i % 4) switch
            {
                0 => ("pending", lapsing),
                1 => ("awaiting_approval", lapsing),
                2 => ("confirmed", releasing),
                _ => ("checked_in", finishing),
            };
            list.Add(await _database.AddRoomBookingAsync(cards[i], room, start, start.AddHours(2), status, start.AddMinutes(-30),
                (companions[i], status == "pending" ? "invited" : "confirmed")));
            // Half the no-show organisers have two violations this month: this one suspends them.
            if (status == "confirmed" && i % 8 == 2)
                await AddOldViolationsAsync(cards[i], 2);
        }

        var instances = new[] { _first.Services.GetRequiredService<RunRoomSchedule>(), _second.Services.GetRequiredService<RunRoomSchedule>() };
        using var go = new SemaphoreSlim(0);
        var runs = Enumerable.Range(0, 40).Select(async i =>
        {
            await go.WaitAsync();
            return await instances[i % 2].HandleAsync(CancellationToken.None);
        }).ToList();
        go.Release(runs.Count);
        var reports = await Task.WhenAll(runs);
        var again = await instances[0].HandleAsync(CancellationToken.None);

        (reports.Sum(r => r.Lapsed), reports.Sum(r => r.Released), reports.Sum(r => r.Finished), reports.Sum(r => r.Suspended)).ShouldBe((20, 10, 10, 5));
        again.Ended.ShouldBe(0);
        // The service's own record of each change: one audit row per lapse and release, one violation per no-show.
        var all = lapsing.Concat(releasing).Concat(finishing).ToArray();
        (await CountAsync("select count(*) from room_bookings where id = any(@all) and ended_at = @at and ended_by = 'system'",
            new { all, at = Now.UtcDateTime })).ShouldBe(40);
        (await CountAsync("select count(*) from room_booking_members where booking_id = any(@all) and holds", new { all })).ShouldBe(0);
        (await CountAsync("select count(*) from audit_log where action = 'room-booking.lapsed' and target = any(@targets)",
            new { targets = lapsing.Select(b => $"room-booking:{b}").ToArray() })).ShouldBe(20);
        (await CountAsync("select count(*) from audit_log where action = 'room-booking.released' and target = any(@targets)",
            new { targets = releasing.Select(b => $"room-booking:{b}").ToArray() })).ShouldBe(10);
        (await CountAsync("select count(*) from seat_violations where room_booking_id = any(@releasing) and occurred_at = @at",
            new { releasing, at = start.AddMinutes(15).UtcDateTime })).ShouldBe(10);
        (await CountAsync("""
            select count(*) from audit_log a join seat_suspensions s on a.target = 'seat-suspension:' || s.id
            join patrons p on p.id = s.patron_id
            where a.action = 'seat-suspension.started' and p.card_number like 'D%'
            """)).ShouldBe(5);
        (await CountAsync("select count(*) from notifications where kind = 'room-lapsed' and idempotency_key like any(@keys)",
            new { keys = lapsing.Select(b => $"room-lapsed:{b}:%").ToArray() })).ShouldBe(40);
        (await CountAsync("select count(*) from notifications where kind = 'room-released' and idempotency_key like any(@keys)",
            new { keys = releasing.Select(b => $"room-released:{b}:%").ToArray() })).ShouldBe(20);
    }

    [Test]
    public async Task A_seat_and_a_room_no_show_of_one_reader_released_at_the_same_moment_count_each_other()
    {
        // Each reader had one violation this month; a seat and a room no-show at once make three: a suspension.
        var cards = Enumerable.Range(1, 20).Select(i => $"S{i:0000}").ToArray();
        await _first.AddReadersWithoutPinAsync([.. cards.Select(c => Reader(c))]);
        var seats = await _database.AddSeatZoneAsync("race-zone", 20, prefix: "RZ-");
        var start = Now.AddHours(-1).AddMinutes(-10);
        for (var i = 0; i < 20; i++)
        {
            await AddOldViolationsAsync(cards[i], 1);
            await _database.AddSeatBookingAsync(cards[i], seats[i], start, start.AddHours(3));
            await _database.AddRoomAsync($"S-{i:000}");
            await _database.AddRoomBookingAsync(cards[i], $"S-{i:000}", start, start.AddHours(2), "confirmed", start.AddMinutes(-30));
        }

        using var go = new SemaphoreSlim(0);
        var seatRun = Task.Run(async () =>
        {
            await go.WaitAsync();
            return (await _first.Services.GetRequiredService<ReleaseSeats>().HandleAsync(CancellationToken.None)).Suspended;
        });
        var roomRun = Task.Run(async () =>
        {
            await go.WaitAsync();
            return (await _second.Services.GetRequiredService<RunRoomSchedule>().HandleAsync(CancellationToken.None)).Suspended;
        });
        go.Release(2);
        var suspended = await seatRun + await roomRun;

        suspended.ShouldBe(20);
        (await CountAsync("""
            select count(distinct s.patron_id) from seat_suspensions s join patrons p on p.id = s.patron_id
            where p.card_number = any(@cards) and s.reason = '30天内违约3次'
            """, new { cards })).ShouldBe(20);
        (await CountAsync("select count(*) from seat_suspensions s join patrons p on p.id = s.patron_id where p.card_number = any(@cards)",
            new { cards })).ShouldBe(20);
    }

    private async Task AddOldViolationsAsync(string card, int count)
    {
        await using var connection = _database.Open();
        var seat = await connection.ExecuteScalarAsync<string?>("select code from seats where code = 'OLD-001'");
        if (seat is null)
            await _database.AddSeatZoneAsync("old-zone", 1, prefix: "OLD-");
        for (var i = 1; i <= count; i++)
            await _database.AddSeatViolationAsync(card, "OLD-001", Now.AddDays(-3 * i));
    }

    private async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<int>(sql, parameters);
    }

    private ApiFactory Instance(FakeTimeProvider clock)
    {
        var api = new ApiFactory(_database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Jobs:Enabled"] = "false";
        api.Settings["Outbox:WorkersEnabled"] = "false";
        return api;
    }
}
