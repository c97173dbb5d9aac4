using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Holds;

/// <summary>
/// A hold's whole life on two instances sharing one library clock, each running the scheduler and the outbox workers:
/// recall, return at another branch, arrival, pickup expiry, the next reader, and a catch-up after downtime. Every
/// notice is counted by the service's own records of it and of its sends.
/// </summary>
// The expiry job is held to within five clock minutes while the clock moves a minute per 20 ms of real time: run with the machine to itself.
[NonParallelizable]
internal sealed class HoldLifecycleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private const string Barcode = "H0000001";

    [Test]
    public async Task A_hold_recalls_the_loan_waits_for_the_copys_arrival_and_passes_on_when_not_collected_each_notice_sent_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = Instance(database, clock);
        await using var second = Instance(database, clock);
        _ = first.Services;
        _ = second.Services;
        await database.OpenLibraryAsync();

        var today = first.Today();
        await first.AddReadersAsync(Reader("A0001"), Reader("B0001"), Reader("C0001"), Reader("D0001"));
        foreach (var card in new[] { "A0001", "B0001", "C0001", "D0001" })
            await first.BindWeChatAsync(card, $"oHold{card}00000000000000000000");
        long loanId, titleId;
        await using (var connection = database.Open())
        {
            // East is open every day; main closes for the two days after today, so a pickup deadline of two open days
            // falls on the fourth day. The undergraduate policy: a week to return a recalled copy, two weeks guaranteed.
            await connection.ExecuteAsync("""
                insert into branches (code, name, name_en) values ('east', '东区分馆', 'East Branch');
                insert into branch_opening_hours (branch_id, weekday, opens_at, closes_at)
                select b.id, d, time '08:00', time '22:00' from branches b, generate_series(0, 6) d where b.code = 'east';
                insert into branch_calendar_dates (branch_id, date, reason)
                select id, @today + n, '闭馆' from branches, unnest(array[1, 2]) n where code = 'main';
                update hold_policies set max_open_holds = 5, pickup_open_days = 2 where patron_group = 'undergraduate';
                update loan_policies set recall_return_days = 7, guaranteed_loan_days = 14 where patron_group = 'undergraduate';
                """, new { today });
        }
        loanId = await database.AddLoanAsync("A0001", "人类简史", today, daysLeft: 30, barcode: Barcode);
        await using (var connection = database.Open())
            titleId = await connection.ExecuteScalarAsync<long>("select title_id from items where barcode = @Barcode", new { Barcode });
        var b = await PatronIdAsync(first, "B0001");
        var c = await PatronIdAsync(first, "C0001");
        var d = await PatronIdAsync(first, "D0001");

        // B's hold recalls A's loan; C's and D's find it recalled already.
        var placedB = (await Place(first, b, titleId, "main")).ShouldBeOfType<HoldPlacement.Placed>();
        placedB.Position.ShouldBe(1);
        placedB.RecalledACopy.ShouldBeTrue();
        var placedC = (await Place(second, c, titleId, "main")).ShouldBeOfType<HoldPlacement.Placed>();
        placedC.Position.ShouldBe(2);
        placedC.RecalledACopy.ShouldBeFalse();
        // D no longer needs it after the sixth day: past the first pickup expiry, before the second.
        var placedD = (await Place(second, d, titleId, "main", today.AddDays(6))).ShouldBeOfType<HoldPlacement.Placed>();
        placedD.Position.ShouldBe(3);
        (await database.DueOnAsync(loanId)).ShouldBe(today.AddDays(7));
        await SentOnceAsync(database, clock, $"recall:{loanId}");
        (await KeysAsync(database, "recall:%")).ShouldBe([$"recall:{loanId}"]);
        (await FieldAsync(database, $"recall:{loanId}", "returnBy")).ShouldBe(Iso(today.AddDays(7)));

        // Returned at east: on its way to main for B, and no one is told it is ready.
        var desk = second.ClientWith((await second.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        var returned = await CheckInAsync(desk, "east");
        ((string?)returned["route"]!["action"]).ShouldBe("in_transit");
        ((string?)returned["route"]!["branch"]).ShouldBe("main");
        (await database.ItemStatusAsync(Barcode)).ShouldBe("in_transit");
        (await HoldStatusAsync(database, placedB.HoldId)).ShouldBe(HoldStatus.InTransit);
        await clock.RunForAsync(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(200));
        (await KeysAsync(database, "hold-ready:%")).ShouldBeEmpty();

        // Arrives at main: on the shelf for B, told once, until the second open day.
        var shelvedOn = first.Today();
        var arrived = await CheckInAsync(desk, "main");
        ((string?)arrived["route"]!["action"]).ShouldBe("hold_shelf");
        var pickupBy = shelvedOn.AddDays(4);
        ((string?)arrived["route"]!["pickupBy"]).ShouldBe(Iso(pickupBy));
        (await HoldStatusAsync(database, placedB.HoldId)).ShouldBe(HoldStatus.Ready);
        await SentOnceAsync(database, clock, $"hold-ready:{placedB.HoldId}");
        (await FieldAsync(database, $"hold-ready:{placedB.HoldId}", "pickupBy")).ShouldBe(Iso(pickupBy));
        (await KeysAsync(database, "hold-ready:%")).ShouldBe([$"hold-ready:{placedB.HoldId}"]);

        // Late on its last day B may still collect it; the first quarter-hour run after midnight passes it to C.
        await JumpToAsync(clock, pickupBy, new TimeOnly(23, 0));
        await clock.RunForAsync(TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(5));
        (await HoldStatusAsync(database, placedB.HoldId)).ShouldBe(HoldStatus.Ready);
        // Minute by minute, so that a slow run of the job on a busy machine is not mistaken for a late one.
        await clock.RunUntilAsync(async () => await HoldStatusAsync(database, placedB.HoldId) == HoldStatus.Expired,
            "B's pickup expires", TimeSpan.FromMinutes(1));
        clock.GetUtcNow().ShouldBeLessThanOrEqualTo(Local(pickupBy.AddDays(1), new TimeOnly(0, 20)));
        (await HoldStatusAsync(database, placedC.HoldId)).ShouldBe(HoldStatus.Ready);
        (await database.ItemStatusAsync(Barcode)).ShouldBe("on_hold_shelf");
        await SentOnceAsync(database, clock, $"hold-expired:{placedB.HoldId}");
        await SentOnceAsync(database, clock, $"hold-ready:{placedC.HoldId}");
        (await FieldAsync(database, $"hold-ready:{placedC.HoldId}", "pickupBy")).ShouldBe(Iso(pickupBy.AddDays(3)));

        // Both instances down for ten days: the first run back expires C's pickup and D's hold once each, and the
        // copy, with no one left waiting, goes back on the shelf at main.
        clock.Advance(TimeSpan.FromDays(10));
        await clock.RunUntilAsync(async () => await HoldStatusAsync(database, placedC.HoldId) == HoldStatus.Expired
                                              && await HoldStatusAsync(database, placedD.HoldId) == HoldStatus.Expired,
            "the missed expiries catch up", TimeSpan.FromSeconds(10));
        await SentOnceAsync(database, clock, $"hold-expired:{placedC.HoldId}");
        await SentOnceAsync(database, clock, $"hold-expired:{placedD.HoldId}");
        await clock.RunForAsync(TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(5));
        (await database.ItemStatusAsync(Barcode)).ShouldBe("available");
        (await database.AuditCountAsync("hold.expired")).ShouldBe(3);
        (await database.AuditCountAsync("hold.ready")).ShouldBe(2);
        (await FieldAsync(database, $"hold-expired:{placedD.HoldId}", "reason")).ShouldBe(HoldEndReason.NotNeeded);
        (await FieldAsync(database, $"hold-expired:{placedC.HoldId}", "reason")).ShouldBe(HoldEndReason.PickupExpired);

        // Every notice of the story, once each, each sent by one request of the service's own.
        string[] expected =
        [
            $"recall:{loanId}", $"hold-ready:{placedB.HoldId}", $"hold-expired:{placedB.HoldId}", $"hold-ready:{placedC.HoldId}",
            $"hold-expired:{placedC.HoldId}", $"hold-expired:{placedD.HoldId}",
        ];
        (await KeysAsync(database, "%")).ShouldBe(expected, ignoreOrder: true);
        foreach (var key in expected)
            (await database.AttemptsAsync(key)).Count.ShouldBe(1, key);
    }

    private static ApiFactory Instance(TestDatabase database, FakeTimeProvider clock)
    {
        var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Jobs:PollMilliseconds"] = "50";
        api.Settings["Outbox:PollMilliseconds"] = "50";
        api.Settings["Notices:Templates:recall:TemplateId"] = "TEMPLATE_RECALL";
        api.Settings["Notices:Templates:recall:Fields:thing1"] = "{title:shorten}";
        api.Settings["Notices:Templates:recall:Fields:time2"] = "{returnBy:date}";
        api.Settings["Notices:Templates:hold-ready:TemplateId"] = "TEMPLATE_HOLD_READY";
        api.Settings["Notices:Templates:hold-ready:Fields:thing1"] = "{title:shorten}";
        api.Settings["Notices:Templates:hold-ready:Fields:thing2"] = "{pickupAt:shorten}";
        api.Settings["Notices:Templates:hold-ready:Fields:time3"] = "{pickupBy:date}";
        api.Settings["Notices:Templates:hold-expired:TemplateId"] = "TEMPLATE_HOLD_EXPIRED";
        api.Settings["Notices:Templates:hold-expired:Fields:thing1"] = "{title:shorten}";
        api.Settings["Notices:Templates:hold-expired:Fields:thing2"] = "{reasonText:shorten}";
        return api;
    }

    private static Task<HoldPlacement> Place(ApiFactory api, long patronId, long titleId, string pickup, DateOnly? notNeededAfter = null) =>
        api.Services.GetRequiredService<PlaceHold>().HandleAsync(
            new ReaderRef.Patron(patronId), new TitleRef.Id(titleId), pickup, notNeededAfter, CancellationToken.None);

    private static async Task<long> PatronIdAsync(ApiFactory api, string card) => (await api.PatronAsync(card)).Id;

    private static async Task<JsonObject> CheckInAsync(HttpClient desk, string branch)
    {
        var answer = await desk.PostAsJsonAsync(Url("/api/v1/staff/checkins"), new { barcode = Barcode, branch });
        return (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Runs the clock in small steps until the notice is sent, then checks the service let one request leave for it.</summary>
    private static async Task SentOnceAsync(TestDatabase database, FakeTimeProvider clock, string key)
    {
        await clock.RunUntilAsync(async () => await database.StateAsync(key) == "sent", $"{key} is sent", TimeSpan.FromMilliseconds(200));
        (await database.AttemptsAsync(key)).Count.ShouldBe(1, key);
    }

    private static async Task JumpToAsync(FakeTimeProvider clock, DateOnly date, TimeOnly time)
    {
        var at = Local(date, time);
        at.ShouldBeGreaterThan(clock.GetUtcNow());
        clock.Advance(at - clock.GetUtcNow());
        await Task.Delay(200);
    }

    private static DateTimeOffset Local(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, Shanghai.GetUtcOffset(local));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> HoldStatusAsync(TestDatabase database, long holdId)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<string>("select status from holds where id = @holdId", new { holdId }) ?? "";
    }

    private static async Task<IReadOnlyList<string>> KeysAsync(TestDatabase database, string pattern)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<string>(
            "select idempotency_key from notifications where idempotency_key like @pattern order by id", new { pattern })];
    }

    private static async Task<string?> FieldAsync(TestDatabase database, string key, string field)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<string?>(
            "select fields ->> @field from notifications where idempotency_key = @key", new { key, field });
    }
}
