using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Notices;

/// <summary>
/// The daily scan run by staff on two instances at once: one notice per reader per rule however many loans and runs,
/// readers who cannot or will not receive a notice skipped and counted, and each notice sent by one request.
/// </summary>
internal sealed class DueNoticeScanTests
{
    [Test]
    public async Task Scans_run_at_once_on_two_instances_queue_one_notice_per_reader_and_rule_and_skip_unreachable_readers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new ApiFactory(database.ConnectionString);
        await using var second = new ApiFactory(database.ConnectionString);
        _ = second.Services;
        await database.OpenLibraryAsync();
        var today = first.Today();
        await first.AddReadersAsync(Reader("A0001"), Reader("U0001"), Reader("F0001"), Reader("O0001"));
        await first.BindWeChatAsync("A0001", "oScanA000000000000000000001");
        await first.BindWeChatAsync("F0001", "oScanF000000000000000000001");
        await first.BindWeChatAsync("O0001", "oScanO000000000000000000001");
        // A: five books due in three days, the first with a title too long for a template field.
        var firstLoan = await database.AddLoanAsync("A0001", "三体：地球往事三部曲之一（典藏纪念版）", today, daysLeft: 3);
        foreach (var n in Enumerable.Range(1, 4))
            await database.AddLoanAsync("A0001", $"第{n}本书", today, daysLeft: 3);
        await database.AddLoanAsync("U0001", "未绑定", today, daysLeft: 3);
        await database.AddLoanAsync("F0001", "已取关", today, daysLeft: -1);
        // O switched courtesy reminders off: one due in three days, one a day overdue.
        await database.AddLoanAsync("O0001", "不提醒", today, daysLeft: 3);
        await database.AddLoanAsync("O0001", "已超期", today, daysLeft: -1);
        await using (var connection = database.Open())
        {
            await connection.ExecuteAsync("""
                insert into followers (openid, subscribed_at, unsubscribed_at) values ('oScanF000000000000000000001', now() - interval '1 year', now());
                insert into notification_opt_outs (patron_id, kind) select id, 'due-reminder' from patrons where card_number = 'O0001';
                """);
        }
        var a = (await first.PatronAsync("A0001")).Id;
        var o = (await first.PatronAsync("O0001")).Id;

        var admins = new[] { first, second }.Select(async api => api.ClientWith((await api.StaffTokensAsync($"admin-{api.GetHashCode()}", StaffRole.Admin)).AccessToken));
        var clients = await Task.WhenAll(admins);
        var date = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            clients[i % 2].PostAsJsonAsync(Url("/api/v1/staff/notice-scans"), new { date })));
        answers.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var reports = await Task.WhenAll(answers.Select(r => r.Content.ReadFromJsonAsync<JsonObject>()));
        reports.Sum(r => (int?)r!["enqueued"]!["due-reminder"] ?? 0).ShouldBe(1);
        reports.Sum(r => (int?)r!["enqueued"]!["overdue"] ?? 0).ShouldBe(1);
        reports.ShouldAllBe(r => (int)r!["loansSeen"]! == 9 && (int)r["skipped"]!["unbound"]! == 1
                                 && (int)r["skipped"]!["unfollowed"]! == 1 && (int)r["skipped"]!["opted_out"]! == 1);

        var courtesy = $"due-reminder:courtesy:{a}:{Iso(today.AddDays(3))}";
        var overdue = $"overdue:overdue-1:{o}:{Iso(today.AddDays(-1))}";
        (await KeysAsync(database)).ShouldBe([courtesy, overdue], ignoreOrder: true);
        var fields = await FieldsAsync(database, courtesy);
        ((string?)fields["title"]).ShouldStartWith("《三体");
        ((string?)fields["title"]).ShouldEndWith("…》等5本");
        TemplateMapping.Length((string)fields["title"]!).ShouldBeLessThanOrEqualTo(TemplateMapping.MaxFieldLength);
        ((string?)fields["count"]).ShouldBe("5");
        ((string?)fields["dueDate"]).ShouldBe(Iso(today.AddDays(3)));
        ((string?)fields["hint"] ?? "").ShouldContain("续借");
        ((string?)fields["barcode"]).ShouldBe(await BarcodeAsync(database, firstLoan));

        // Each sent by one request of the service's own, and the day's report lists what was queued once.
        foreach (var key in new[] { courtesy, overdue })
        {
            await Eventually.HoldsAsync(async () => await database.StateAsync(key) == "sent", $"{key} is sent");
            (await database.AttemptsAsync(key)).Count.ShouldBe(1, key);
        }
        var desk = first.ClientWith((await first.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        var listed = (await desk.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/notice-scans")))!;
        listed.Count.ShouldBe(1);
        ((string?)listed[0]!["scanDate"]).ShouldBe(date);
        ((int)listed[0]!["enqueued"]!["due-reminder"]!).ShouldBe(1);
        ((int)listed[0]!["enqueued"]!["overdue"]!).ShouldBe(1);
    }

    [Test]
    public async Task An_admin_changes_only_the_fields_sent_and_a_bad_rule_is_refused_field_by_field()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        var admin = api.ClientWith((await api.StaffTokensAsync("admin", StaffRole.Admin)).AccessToken);

        var changed = await admin.PutAsJsonAsync(Url("/api/v1/staff/notice-rules/graduate/overdue-14"), new { repeatEveryDays = 7, maxRepeats = 4 });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rule = (await changed.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int)rule["offsetDays"]!).ShouldBe(14);
        ((int)rule["repeatEveryDays"]!).ShouldBe(7);
        ((int)rule["maxRepeats"]!).ShouldBe(4);
        ((int)rule["level"]!).ShouldBe(3);
        ((bool)rule["enabled"]!).ShouldBeTrue();

        var refused = await admin.PutAsJsonAsync(Url("/api/v1/staff/notice-rules/graduate/courtesy"), new { offsetDays = 2, level = 1 });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["offsetDays", "level"], ignoreOrder: true);
        (await admin.PutAsJsonAsync(Url("/api/v1/staff/notice-rules/graduate/nothing"), new { enabled = false })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var rules = (await admin.GetFromJsonAsync<JsonArray>(Url("/api/v1/staff/notice-rules")))!;
        var courtesy = rules.Single(r => (string?)r!["group"] == "graduate" && (string?)r["code"] == "courtesy")!;
        ((int)courtesy["offsetDays"]!).ShouldBe(-3);
        (await database.AuditCountAsync("notice-rule.set")).ShouldBe(1);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<string>> KeysAsync(TestDatabase database)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<string>("select idempotency_key from notifications order by id")];
    }

    private static async Task<JsonObject> FieldsAsync(TestDatabase database, string key)
    {
        await using var connection = database.Open();
        return JsonNode.Parse(await connection.ExecuteScalarAsync<string>(
            "select fields::text from notifications where idempotency_key = @key", new { key }) ?? "{}")!.AsObject();
    }

    private static async Task<string> BarcodeAsync(TestDatabase database, long loanId)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<string>(
            "select i.barcode from loans l join items i on i.id = l.item_id where l.id = @loanId", new { loanId }) ?? "";
    }
}
