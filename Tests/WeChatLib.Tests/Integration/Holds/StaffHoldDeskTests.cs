using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Holds;

/// <summary>The circulation desk's side of holds through the staff REST endpoints, on the real database: routing at check-in, the hold shelf, transits, cancellation.</summary>
internal sealed class StaffHoldDeskTests : ServiceTest
{
    private HttpClient _desk = null!;

    [SetUp]
    public async Task Prepare()
    {
        _desk = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        await Database.OpenLibraryAsync();
        await Database.AddBranchAsync("east", "东区分馆");
        await Database.AddBranchAsync("west", "西区分馆");
        await Api.AddReadersAsync(Reader("S0001", name: "张三"));
    }

    [TearDown]
    public void CleanUp() => _desk.Dispose();

    [Test]
    public async Task A_return_at_the_pickup_branch_puts_the_copy_on_its_hold_shelf_until_the_fifth_open_day_with_one_ready_notice()
    {
        var today = Api.Today();
        await Database.AddLoanAsync("S0001", "三体", today, 5, barcode: "B0000001");
        var hold = await Database.AddHoldAsync("H0001", "B0000001");
        await Database.CloseOnAsync(today.AddDays(2), "校庆");

        var answer = await CheckIn("B0000001", "main");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var route = (await answer.Content.ReadFromJsonAsync<JsonObject>())!["route"]!;
        ((string?)route["action"]).ShouldBe("hold_shelf");
        ((string?)route["branch"]).ShouldBe("main");
        ((long?)route["holdId"]).ShouldBe(hold);
        ((string?)route["cardNumber"]).ShouldBe("H0001");
        // Five open days of the graduate policy, the closed day not counted.
        ((string?)route["pickupBy"]).ShouldBe(Iso(today.AddDays(6)));
        var stored = await Database.HoldAsync(hold);
        stored.Status.ShouldBe("ready");
        stored.PickupBy.ShouldBe(today.AddDays(6));
        stored.ItemBarcode.ShouldBe("B0000001");
        (await Database.ItemPlaceAsync("B0000001")).ShouldBe(("on_hold_shelf", null));
        (await Database.NoticeKeysAsync("hold-ready:")).ShouldBe([$"hold-ready:{hold}"]);
    }

    [Test]
    public async Task A_copy_returned_elsewhere_travels_without_a_notice_and_only_its_arrival_makes_the_hold_ready_once()
    {
        var today = Api.Today();
        await Api.AddReadersAsync(Reader("S0002"));
        await Database.AddLoanAsync("S0001", "三体", today, 5, barcode: "B0000001");
        var hold = await Database.AddHoldAsync("H0001", "B0000001", pickupBranch: "east", name: "李四");

        var returned = await CheckIn("B0000001", "main");

        ((string?)(await returned.Content.ReadFromJsonAsync<JsonObject>())!["route"]!["action"]).ShouldBe("in_transit");
        (await Database.HoldAsync(hold)).Status.ShouldBe("in_transit");
        (await Database.ItemPlaceAsync("B0000001")).ShouldBe(("in_transit", "east"));
        (await Database.NoticeKeysAsync("hold-ready:")).ShouldBeEmpty();
        var transit = (await _desk.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/transits?to=east")))!.ShouldHaveSingleItem()!;
        ((string?)transit["barcode"]).ShouldBe("B0000001");
        ((string?)transit["to"]).ShouldBe("east");
        ((string?)transit["home"]).ShouldBe("main");
        ((long?)transit["hold"]!["id"]).ShouldBe(hold);
        ((string?)transit["hold"]!["cardNumber"]).ShouldBe("H0001");
        (await _desk.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/transits?to=west")))!.ShouldBeEmpty();
        var shelf = (await _desk.GetFromJsonAsync<JsonObject>(Url("/api/v1/staff/branches/east/hold-shelf")))!;
        shelf["ready"]!.AsArray().ShouldBeEmpty();
        ((long?)shelf["inTransit"]!.AsArray().ShouldHaveSingleItem()!["id"]).ShouldBe(hold);

        // Scanned at a branch on the way: it stays in transit and nothing changes.
        var passing = await CheckIn("B0000001", "west");

        passing.StatusCode.ShouldBe(HttpStatusCode.OK);
        var passingRoute = (await passing.Content.ReadFromJsonAsync<JsonObject>())!["route"]!;
        ((string?)passingRoute["action"]).ShouldBe("in_transit");
        ((string?)passingRoute["branch"]).ShouldBe("east");
        (await Database.HoldAsync(hold)).Status.ShouldBe("in_transit");
        (await Database.ItemPlaceAsync("B0000001")).ShouldBe(("in_transit", "east"));
        (await Database.NoticeKeysAsync("hold-ready:")).ShouldBeEmpty();
        (await Database.AuditCountAsync("item.arrived")).ShouldBe(0);

        var arrived = await CheckIn("B0000001", "east");

        var route = (await arrived.Content.ReadFromJsonAsync<JsonObject>())!["route"]!;
        ((string?)route["action"]).ShouldBe("hold_shelf");
        ((string?)route["branch"]).ShouldBe("east");
        ((string?)route["pickupBy"]).ShouldBe(Iso(today.AddDays(5)));
        (await Database.HoldAsync(hold)).Status.ShouldBe("ready");
        (await Database.NoticeKeysAsync("hold-ready:")).ShouldBe([$"hold-ready:{hold}"]);
        (await _desk.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/transits")))!.ShouldBeEmpty();
        shelf = (await _desk.GetFromJsonAsync<JsonObject>(Url("/api/v1/staff/branches/east/hold-shelf")))!;
        var ready = shelf["ready"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)ready["itemBarcode"]).ShouldBe("B0000001");
        ((string?)ready["patronName"]).ShouldBe("李四");
        ((bool?)ready["expired"]).ShouldBe(false);
        shelf["inTransit"]!.AsArray().ShouldBeEmpty();

        // A second scan of the copy on the shelf changes nothing.
        var again = await CheckIn("B0000001", "east");

        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Database.HoldAsync(hold)).PickupBy.ShouldBe(today.AddDays(5));
        (await Database.NoticeKeysAsync("hold-ready:")).ShouldBe([$"hold-ready:{hold}"]);
        (await Database.AuditCountAsync("item.arrived")).ShouldBe(1);

        // Only its reader may take it home, and that fulfils the hold.
        (await CodesOf(await CheckOut("S0002", "B0000001"))).ShouldBe(["on_hold_for_another_reader"]);
        (await CheckOut("H0001", "B0000001")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Database.HoldAsync(hold)).Status.ShouldBe("fulfilled");
        (await Database.ItemPlaceAsync("B0000001")).ShouldBe(("on_loan", null));
    }

    [Test]
    public async Task A_check_in_at_a_branch_the_library_does_not_have_is_refused_and_changes_nothing()
    {
        await Database.AddLoanAsync("S0001", "三体", Api.Today(), 5, barcode: "B0000001");

        var answer = await CheckIn("B0000001", "nowhere");

        (await CodesOf(answer, "checkin-refused")).ShouldBe(["unknown_branch"]);
        (await Database.LoansOfItemAsync("B0000001")).ShouldHaveSingleItem().ReturnedAt.ShouldBeNull();
    }

    [Test]
    public async Task Staff_cancelling_a_ready_hold_puts_the_copy_on_the_shelf_for_the_next_reader_at_once_with_their_notice()
    {
        await Database.AddItemAsync("B0000001", "三体");
        var first = await Database.AddReadyHoldAsync("B0000001", "H0001");
        var second = await Database.AddHoldAsync("H0002", "B0000001");

        var answer = await _desk.DeleteAsync(Url($"/api/v1/staff/holds/{first}"));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)body["status"]).ShouldBe("cancelled");
        ((string?)body["endReason"]).ShouldBe("cancelled_by_staff");
        ((string?)body["itemRoute"]!["action"]).ShouldBe("hold_shelf");
        ((string?)body["itemRoute"]!["cardNumber"]).ShouldBe("H0002");
        (await Database.HoldAsync(first)).EndReason.ShouldBe("cancelled_by_staff");
        var next = await Database.HoldAsync(second);
        next.Status.ShouldBe("ready");
        next.ItemBarcode.ShouldBe("B0000001");
        (await Database.NoticeKeysAsync("hold-ready:")).ShouldBe([$"hold-ready:{second}"]);
        (await Database.AuditCountAsync("hold.cancelled")).ShouldBe(1);

        // Cancelling again answers the hold as it is and changes nothing.
        var again = await _desk.DeleteAsync(Url($"/api/v1/staff/holds/{first}"));

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["itemRoute"]).ShouldBeNull();
        (await Database.HoldAsync(second)).Status.ShouldBe("ready");
        (await Database.AuditCountAsync("hold.cancelled")).ShouldBe(1);
        (await _desk.DeleteAsync(Url("/api/v1/staff/holds/999999"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Staff_cancelling_a_ready_hold_sends_the_copy_in_transit_when_the_next_reader_collects_elsewhere_without_a_notice()
    {
        await Database.AddItemAsync("B0000001", "三体");
        var first = await Database.AddReadyHoldAsync("B0000001", "H0001");
        var second = await Database.AddHoldAsync("H0002", "B0000001", pickupBranch: "east");

        var answer = await _desk.DeleteAsync(Url($"/api/v1/staff/holds/{first}"));

        var route = (await answer.Content.ReadFromJsonAsync<JsonObject>())!["itemRoute"]!;
        ((string?)route["action"]).ShouldBe("in_transit");
        ((string?)route["branch"]).ShouldBe("east");
        (await Database.HoldAsync(second)).Status.ShouldBe("in_transit");
        (await Database.ItemPlaceAsync("B0000001")).ShouldBe(("in_transit", "east"));
        (await Database.NoticeKeysAsync("hold-ready:")).ShouldBeEmpty();
        ((string?)(await _desk.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/transits")))!.ShouldHaveSingleItem()!["barcode"]).ShouldBe("B0000001");
    }

    [Test]
    public async Task The_hold_shelf_lists_ready_copies_by_pickup_deadline_and_flags_those_to_clear_today()
    {
        var today = Api.Today();
        await Database.AddItemAsync("B0000001", "三体");
        await Database.AddItemAsync("B0000002", "活着");
        var current = await Database.AddReadyHoldAsync("B0000001", "H0001");
        var lapsed = await Database.AddReadyHoldAsync("B0000002", "H0002");
        await using (var connection = Database.Open())
        {
            await connection.ExecuteAsync("update holds set pickup_by = @day where id = @current", new { current, day = today.AddDays(3) });
            await connection.ExecuteAsync("update holds set pickup_by = @day where id = @lapsed", new { lapsed, day = today.AddDays(-1) });
        }

        var shelf = (await _desk.GetFromJsonAsync<JsonObject>(Url("/api/v1/staff/branches/main/hold-shelf")))!;

        var ready = shelf["ready"]!.AsArray();
        ready.Select(h => (long?)h!["id"]).ShouldBe([lapsed, current]);
        ready.Select(h => (bool?)h!["expired"]).ShouldBe([true, false]);
        ready.Select(h => (string?)h!["pickupBy"]).ShouldBe([Iso(today.AddDays(-1)), Iso(today.AddDays(3))]);
        (await _desk.GetAsync(Url("/api/v1/staff/branches/nowhere/hold-shelf"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _desk.GetFromJsonAsync<JsonObject>(Url("/api/v1/staff/branches/east/hold-shelf")))!["ready"]!.AsArray().ShouldBeEmpty();
    }

    [Test]
    public async Task A_titles_queue_shows_the_assigned_copy_first_then_the_waiting_readers_in_the_order_they_placed_their_holds()
    {
        await Database.AddItemAsync("B0000001", "三体");
        var ready = await Database.AddReadyHoldAsync("B0000001", "H0001");
        var first = await Database.AddHoldAsync("H0002", "B0000001", pickupBranch: "east", minutesAgo: 30, name: "李四");
        var second = await Database.AddHoldAsync("H0003", "B0000001", minutesAgo: 20, name: "王五");
        var third = await Database.AddHoldAsync("H0004", "B0000001", minutesAgo: 10, name: "赵六");
        await using (var connection = Database.Open())
            await connection.ExecuteAsync("update holds set not_needed_after = date '2030-01-31' where id = @second", new { second });
        long titleId;
        await using (var connection = Database.Open())
            titleId = await connection.ExecuteScalarAsync<long>("select title_id from items where barcode = 'B0000001'");

        var queue = (await _desk.GetFromJsonAsync<JsonObject>(Url($"/api/v1/staff/titles/{titleId}/holds")))!;

        ((string?)queue["title"]).ShouldBe("三体");
        var holds = queue["holds"]!.AsArray();
        holds.Select(h => (long?)h!["id"]).ShouldBe([ready, first, second, third]);
        holds.Select(h => (string?)h!["status"]).ShouldBe(["ready", "waiting", "waiting", "waiting"]);
        holds.Select(h => (int?)h!["position"]).ShouldBe([null, 1, 2, 3]);
        holds.Select(h => (string?)h!["cardNumber"]).ShouldBe(["H0001", "H0002", "H0003", "H0004"]);
        holds.Select(h => (string?)h!["patronName"]).Skip(1).ShouldBe(["李四", "王五", "赵六"]);
        holds.Select(h => (string?)h!["pickupBranch"]).ShouldBe(["main", "east", "main", "main"]);
        ((string?)holds[2]!["notNeededAfter"]).ShouldBe("2030-01-31");
        holds[1]!["placedAt"].ShouldNotBeNull();
        (await _desk.GetAsync(Url("/api/v1/staff/titles/999999/holds"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_returned_copy_passes_over_a_waiting_reader_who_may_not_borrow_now_and_they_keep_their_place()
    {
        var today = Api.Today();
        await Database.AddLoanAsync("S0001", "三体", today, 5, barcode: "B0000001");
        var restricted = await Database.AddHoldAsync("H0001", "B0000001", name: "李四");
        var next = await Database.AddHoldAsync("H0002", "B0000001", name: "王五");
        await using (var connection = Database.Open())
            await connection.ExecuteAsync("update patrons set status = 'restricted', restriction_reason = '欠费' where card_number = 'H0001'");

        var answer = await CheckIn("B0000001", "main");

        ((long?)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["route"]!["holdId"]).ShouldBe(next);
        (await Database.HoldAsync(next)).Status.ShouldBe("ready");
        (await Database.HoldAsync(restricted)).Status.ShouldBe("waiting");
        (await Database.NoticeKeysAsync("hold-ready:")).ShouldBe([$"hold-ready:{next}"]);
    }

    [Test]
    public async Task A_check_in_must_name_the_desk_s_branch()
    {
        await Database.AddLoanAsync("S0001", "三体", Api.Today(), 5, barcode: "B0000001");

        var answer = await _desk.PostAsJsonAsync(Url("/api/v1/staff/checkins"), new { barcode = "B0000001" });

        (await answer.ProblemTypeAsync()).ShouldBe("/problems/validation");
        (await Database.ItemPlaceAsync("B0000001")).ShouldBe(("on_loan", null));
    }

    private async Task<HttpResponseMessage> CheckOut(string card, string barcode) =>
        await _desk.PostAsJsonAsync(Url("/api/v1/staff/checkouts"), new { cardNumber = card, barcode });

    private Task<HttpResponseMessage> CheckIn(string barcode, string branch) =>
        _desk.PostAsJsonAsync(Url("/api/v1/staff/checkins"), new { barcode, branch });

    private static async Task<IReadOnlyList<string>> CodesOf(HttpResponseMessage answer, string type = "checkout-refused")
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe($"/problems/{type}");
        return [.. problem["reasons"]!.AsArray().Select(r => (string)r!["code"]!)];
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
