using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Holds;

/// <summary>Hold policies per patron group, set by an admin and read by the next copy put on the hold shelf.</summary>
internal sealed class HoldPolicyTests : ServiceTest
{
    private const string Policies = "/api/v1/staff/hold-policies";

    private HttpClient _admin = null!;

    [SetUp]
    public async Task Prepare()
    {
        _admin = Api.ClientWith((await Api.StaffTokensAsync("chief", StaffRole.Admin)).AccessToken);
        await Database.OpenLibraryAsync();
    }

    [TearDown]
    public void CleanUp() => _admin.Dispose();

    [Test]
    public async Task An_admin_sees_every_groups_hold_policy_and_sets_one_audited_with_the_values_before_and_after()
    {
        var before = (await _admin.GetFromJsonAsync<JsonArray>(Url(Policies)))!;

        var answer = await _admin.PutAsJsonAsync(Url($"{Policies}/graduate"), new { maxOpenHolds = 1, pickupOpenDays = 3 });

        before.Count.ShouldBe(7);
        var graduate = before.Single(p => (string?)p!["group"] == "graduate")!;
        ((int?)graduate["maxOpenHolds"]).ShouldBe(10);
        ((int?)graduate["pickupOpenDays"]).ShouldBe(5);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var saved = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int?)saved["maxOpenHolds"]).ShouldBe(1);
        ((int?)saved["pickupOpenDays"]).ShouldBe(3);
        var after = (await _admin.GetFromJsonAsync<JsonArray>(Url(Policies)))!.Single(p => (string?)p!["group"] == "graduate")!;
        ((int?)after["maxOpenHolds"]).ShouldBe(1);
        await using var connection = Database.Open();
        var audit = (await connection.QueryAsync<(string Actor, string Target, string Details)>(
            "select actor, target, details::text from audit_log where action = 'hold-policy.set'")).ShouldHaveSingleItem();
        audit.Actor.ShouldStartWith("staff:");
        audit.Target.ShouldBe("hold-policy:graduate");
        audit.Details.ShouldContain("maxOpenHolds=10; pickupOpenDays=5");
        audit.Details.ShouldContain("maxOpenHolds=1; pickupOpenDays=3");
    }

    [Test]
    public async Task Every_bad_field_is_named_in_one_answer_and_nothing_changes()
    {
        var bad = await _admin.PutAsJsonAsync(Url($"{Policies}/wizards"), new { maxOpenHolds = 101, pickupOpenDays = 0 });
        var missing = await _admin.PutAsJsonAsync(Url($"{Policies}/faculty"), new { maxOpenHolds = -1 });
        var tooLong = await _admin.PutAsJsonAsync(Url($"{Policies}/faculty"), new { maxOpenHolds = 0, pickupOpenDays = 61 });

        (await ErrorsAsync(bad)).ShouldBe(["group", "maxOpenHolds", "pickupOpenDays"], ignoreOrder: true);
        (await ErrorsAsync(missing)).ShouldBe(["maxOpenHolds", "pickupOpenDays"], ignoreOrder: true);
        (await ErrorsAsync(tooLong)).ShouldBe(["pickupOpenDays"]);
        await using var connection = Database.Open();
        (await connection.ExecuteScalarAsync<int>("select max_open_holds from hold_policies where patron_group = 'faculty'")).ShouldBe(20);
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'hold-policy.set'")).ShouldBe(0);
    }

    [Test]
    public async Task Hold_policies_are_for_admins_only()
    {
        using var desk = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);

        (await desk.PutAsJsonAsync(Url($"{Policies}/graduate"), new { maxOpenHolds = 1, pickupOpenDays = 3 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task The_next_copy_put_on_the_hold_shelf_waits_the_pickup_days_the_policy_now_gives()
    {
        var today = Api.Today();
        await Api.AddReadersAsync(Reader("S0001"));
        await Database.AddLoanAsync("S0001", "三体", today, 5, barcode: "B0000001");
        var hold = await Database.AddHoldAsync("H0001", "B0000001");
        (await _admin.PutAsJsonAsync(Url($"{Policies}/graduate"), new { maxOpenHolds = 10, pickupOpenDays = 2 })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var answer = await _admin.PostAsJsonAsync(Url("/api/v1/staff/checkins"), new { barcode = "B0000001", branch = "main" });

        ((string?)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["route"]!["pickupBy"])
            .ShouldBe(today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        (await Database.HoldAsync(hold)).PickupBy.ShouldBe(today.AddDays(2));
    }

    private static async Task<List<string>> ErrorsAsync(HttpResponseMessage answer)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/validation");
        return [.. problem["errors"]!.AsObject().Select(e => e.Key)];
    }
}
