using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Announcements;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Announcements;

/// <summary>
/// Whom each audience names, the monthly cap, the preview and what readers see, on one service whose announcement
/// workers are off: sending resolves the audience into target rows and batches, and nothing leaves.
/// </summary>
internal sealed class AnnouncementAudienceTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private HttpClient _staff = null!;

    // The previews the service let leave, seen on its own way out.
    private readonly ConcurrentQueue<(string OpenId, string Content)> _previews = new();

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString)
        {
            ConfigureServices = services => services.AddHttpClient<WeChatApiClient>().AddHttpMessageHandler(() => new PreviewWatch(_previews)),
        };
        _api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        _api.Settings["Announcements:WorkersEnabled"] = "false";
        _api.Settings["Announcements:BatchSize"] = "3";
        _ = _api.Services;
        await _database.OpenLibraryAsync();
        await _database.AddBranchAsync("east", "东区分馆");
        _staff = _api.ClientWith((await _api.StaffTokensAsync("announcer1", StaffRole.Announcer)).AccessToken);
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        _staff.Dispose();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Each_audience_names_exactly_its_bound_followers_and_never_one_who_unfollowed()
    {
        await _api.AddReadersAsync(
            Reader("AU-U1") with { Campus = "中心校区" },
            Reader("AU-G1", group: PatronGroup.Graduate) with { Campus = "东校区" },
            Reader("AU-F1", group: PatronGroup.Faculty) with { Campus = "东校区" },
            Reader("AU-E1") with { Campus = "中心校区" },
            Reader("AU-N1"),
            Reader("AU-X1", group: PatronGroup.Graduate));
        foreach (var card in new[] { "AU-U1", "AU-G1", "AU-F1", "AU-E1", "AU-X1" })
            await _api.BindWeChatAsync(card, Open(card));
        await _database.AddFollowersAsync([Open("AU-U1"), Open("AU-G1"), Open("AU-F1"), Open("AU-E1"), "oAudienceFollowerOnly000001"]);
        await _database.AddFollowersAsync([Open("AU-X1")], unsubscribed: true);
        var today = _api.Today();
        await _database.AddLoanAsync("AU-U1", "活着", today, 10);
        await _database.AddLoanAsync("AU-E1", "三体", today, 10, branch: "east");
        await _database.AddLoanAsync("AU-X1", "围城", today, 10);
        var seats = await _database.AddSeatZoneAsync("au-quiet", 2, prefix: "AU-");
        var now = DateTimeOffset.UtcNow;
        await _database.AddSeatBookingAsync("AU-F1", seats[0], now.AddMinutes(-1), now.AddMinutes(1));

        (await TargetsOf("all_followers")).ShouldBe(
            new[] { Open("AU-E1"), Open("AU-F1"), Open("AU-G1"), Open("AU-U1"), "oAudienceFollowerOnly000001" }.Order(StringComparer.Ordinal), ignoreOrder: true);
        (await TargetsOf("patron_groups", "graduate", "faculty")).ShouldBe([Open("AU-F1"), Open("AU-G1")], ignoreOrder: true);
        (await TargetsOf("campus", "东校区")).ShouldBe([Open("AU-F1"), Open("AU-G1")], ignoreOrder: true);
        (await TargetsOf("branch", "east")).ShouldBe([Open("AU-E1")]);
        (await TargetsOf("branch", "main")).ShouldBe([Open("AU-F1"), Open("AU-U1")], ignoreOrder: true);
        (await TargetsOf("active_loans")).ShouldBe([Open("AU-E1"), Open("AU-U1")], ignoreOrder: true);
        (await TargetsOf("seat_bookings_today")).ShouldBe([Open("AU-F1")]);
        (await TargetsOf("cards", "au-u1", "AU-N1", "AU-X1", "NO-SUCH-CARD")).ShouldBe([Open("AU-U1")]);
    }

    [Test]
    public async Task An_uploaded_card_list_becomes_the_audience_and_names_every_card_it_cannot_reach()
    {
        await _api.AddReadersAsync(Reader("UP-1"), Reader("UP-2"), Reader("UP-3"), Reader("UP-4"), Reader("UP-5"));
        foreach (var card in new[] { "UP-1", "UP-2", "UP-3", "UP-5" })
            await _api.BindWeChatAsync(card, Open(card));
        await _database.AddFollowersAsync([Open("UP-5")], unsubscribed: true);
        var id = (await _staff.DraftAnnouncementAsync("all_followers", title: "名单通知"))["id"]!.GetValue<long>();

        // A spreadsheet saved as CSV: a card column among others, quoted cells, a repeated card, a lower-case one.
        var table = await _staff.UploadCardsAsync(id, "\uFEFFname,card,college\r\n张三,up-1,计算机学院\r\n\"李四, 研究生\",UP-2,法学院\r\n"
            + "王五,UP-4,\r\n赵六,NO-SUCH-9,\r\n张三,UP-1,计算机学院\r\n钱七,UP-5,\r\n");
        table.StatusCode.ShouldBe(HttpStatusCode.OK, await table.Content.ReadAsStringAsync());
        var answer = (await table.Content.ReadFromJsonAsync<JsonObject>())!;
        answer["cards"]!.GetValue<int>().ShouldBe(5);
        answer["duplicates"]!.GetValue<int>().ShouldBe(1);
        answer["reach"]!["targeted"]!.GetValue<int>().ShouldBe(2);
        answer["reach"]!["unknownCards"]!.AsArray().Select(c => (string)c!).ShouldBe(["NO-SUCH-9"]);
        answer["reach"]!["cardsNotOnWeChat"]!.AsArray().Select(c => (string)c!).ShouldBe(["UP-4", "UP-5"]);
        var shown = (await _staff.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/staff/announcements/{id}", UriKind.Relative)))!;
        shown["audience"]!.GetValue<string>().ShouldBe("cards");
        shown["reach"]!["unknownCards"]!.AsArray().Select(c => (string)c!).ShouldBe(["NO-SUCH-9"]);

        // A plain list, one card a line, replaces it.
        var plain = await _staff.UploadCardsAsync(id, "UP-1\nup-3\n\nUNKNOWN-77\n", "text/plain");
        plain.StatusCode.ShouldBe(HttpStatusCode.OK, await plain.Content.ReadAsStringAsync());
        var replaced = (await plain.Content.ReadFromJsonAsync<JsonObject>())!;
        replaced["cards"]!.GetValue<int>().ShouldBe(3);
        replaced["reach"]!["unknownCards"]!.AsArray().Select(c => (string)c!).ShouldBe(["UNKNOWN-77"]);

        // A list with a line that is no card number, or a table without a card column, changes nothing.
        var bad = await _staff.UploadCardsAsync(id, "UP-2\nUP 9\nUP-3\n", "text/plain");
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["rejected"]!.AsArray().Select(r => (int)r!["line"]!).ShouldBe([2]);
        (await _staff.UploadCardsAsync(id, "name,college\n张三,法学院\n")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await _staff.SendAnnouncementAsync(id);
        (await _database.TargetsAsync(id)).ShouldBe([Open("UP-1"), Open("UP-3")], ignoreOrder: true);
        (await _staff.UploadCardsAsync(id, "UP-2\n", "text/plain")).StatusCode.ShouldBe(HttpStatusCode.Conflict, "it has started sending");
    }

    [Test]
    public async Task Readers_at_the_month_s_cap_are_counted_before_sending_and_left_out_of_every_batch()
    {
        await _api.AddReadersAsync(Reader("CAP-1"), Reader("CAP-2"), Reader("CAP-3"), Reader("CAP-4"));
        foreach (var card in new[] { "CAP-1", "CAP-2", "CAP-3", "CAP-4" })
            await _api.BindWeChatAsync(card, Open(card));
        var month = AnnouncementRules.MonthOf(DateTimeOffset.UtcNow, Shanghai);
        await _database.SetMassMessagesThisMonthAsync(Open("CAP-1"), month, AnnouncementRules.MonthlyMassMessages);
        await _database.SetMassMessagesThisMonthAsync(Open("CAP-2"), month, AnnouncementRules.MonthlyMassMessages - 1);
        await _database.SetMassMessagesThisMonthAsync(Open("CAP-3"), month.AddMonths(-1), AnnouncementRules.MonthlyMassMessages);

        var draft = await _staff.DraftAnnouncementAsync("cards", ["CAP-1", "CAP-2", "CAP-3", "CAP-4"]);
        draft["reach"]!["targeted"]!.GetValue<int>().ShouldBe(4);
        draft["reach"]!["cannotReachThisMonth"]!.GetValue<int>().ShouldBe(1);
        draft["reach"]!["reachable"]!.GetValue<int>().ShouldBe(3);

        var id = draft["id"]!.GetValue<long>();
        var progress = (await _staff.SendAnnouncementAsync(id))["progress"]!;
        progress["targeted"]!.GetValue<int>().ShouldBe(4);
        progress["cannotReachThisMonth"]!.GetValue<int>().ShouldBe(1);
        progress["pending"]!.GetValue<int>().ShouldBe(3);
        (await _database.TargetsAsync(id, overCap: true)).ShouldBe([Open("CAP-1")]);
        await using var connection = _database.Open();
        (await connection.QueryAsync<(int Size, int Members)>("""
            select b.size, (select count(*)::int from announcement_targets t where t.batch_id = b.id) from announcement_batches b where announcement_id = @id
            """, new { id })).ShouldAllBe(b => b.Size >= 2 && b.Size == b.Members);
        (await connection.ExecuteScalarAsync<int>(
            "select count(*) from announcement_targets where announcement_id = @id and over_cap and batch_id is not null", new { id })).ShouldBe(0);
    }

    [Test]
    public async Task Forty_announcements_sent_at_once_to_the_same_readers_count_each_reader_up_to_the_cap_and_no_further()
    {
        var cards = Enumerable.Range(1, 5).Select(i => $"CC-{i}").ToArray();
        await _api.AddReadersAsync([.. cards.Select(c => Reader(c))]);
        foreach (var card in cards)
            await _api.BindWeChatAsync(card, Open(card));
        var readers = cards.Select(Open).ToList();
        var ids = new List<long>();
        foreach (var n in Enumerable.Range(1, 40))
            ids.Add((await _staff.DraftAnnouncementAsync("cards", cards, title: $"并发公告{n}"))["id"]!.GetValue<long>());

        var answers = await Task.WhenAll(ids.Select(id => _staff.PostAsJsonAsync(Url($"/api/v1/staff/announcements/{id}/send"), new { })));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        await using var connection = _database.Open();
        var reached = (await connection.QueryAsync<(string OpenId, int Announcements)>("""
            select t.openid, count(*)::int from announcement_targets t join announcement_batches b on b.id = t.batch_id
            where t.announcement_id = any(@ids) and not t.over_cap and b.state = 'pending' group by t.openid
            """, new { ids = ids.ToArray() })).ToDictionary(r => r.OpenId, r => r.Announcements);
        reached.Keys.ShouldBe(readers, ignoreOrder: true);
        reached.Values.ShouldAllBe(n => n == AnnouncementRules.MonthlyMassMessages, "each reader is in as many announcements as the cap allows");
        (await _database.MassMessagesCountedAsync(readers)).Values.ShouldAllBe(n => n == AnnouncementRules.MonthlyMassMessages);
        var next = await _staff.DraftAnnouncementAsync("cards", cards, title: "本月第五条");
        next["reach"]!["cannotReachThisMonth"]!.GetValue<int>().ShouldBe(5, "staff are told before sending");

        // Cancelled before it left, an announcement gives its readers' month back.
        var going = await connection.ExecuteScalarAsync<long>(
            "select announcement_id from announcement_batches where announcement_id = any(@ids) and state = 'pending' limit 1", new { ids = ids.ToArray() });
        (await _staff.PostAsync(Url($"/api/v1/staff/announcements/{going}/cancel"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _database.MassMessagesCountedAsync(readers)).Values.ShouldAllBe(n => n == AnnouncementRules.MonthlyMassMessages - 1);
        (await _staff.GetFromJsonAsync<JsonObject>(Url($"/api/v1/staff/announcements/{next["id"]}")))!["reach"]!["cannotReachThisMonth"]!.GetValue<int>().ShouldBe(0);
    }

    [Test]
    public async Task Sending_twice_resolves_the_audience_once_and_an_announcement_sent_is_no_longer_a_draft()
    {
        await _api.AddReadersAsync(Reader("TW-1"), Reader("TW-2"));
        await _api.BindWeChatAsync("TW-1", Open("TW-1"));
        await _api.BindWeChatAsync("TW-2", Open("TW-2"));
        var id = (await _staff.DraftAnnouncementAsync("cards", ["TW-1", "TW-2"]))["id"]!.GetValue<long>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            _staff.PostAsJsonAsync(new Uri($"/api/v1/staff/announcements/{id}/send", UriKind.Relative), new { })));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(9);
        (await _database.TargetsAsync(id)).Count.ShouldBe(2);
        (await _database.BatchStatesAsync(id)).ShouldBe(new Dictionary<string, int> { ["pending"] = 1 });
    }

    [Test]
    public async Task A_draft_is_refused_with_every_bad_field_named()
    {
        var answer = await _staff.PostAsJsonAsync(new Uri("/api/v1/staff/announcements", UriKind.Relative),
            new { title = "", body = "x", link = "ftp://x", category = "party", audience = "patron_groups", audienceValues = new[] { "wizards" } });

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await answer.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["title", "link", "category", "audienceValues"], ignoreOrder: true);
    }

    [Test]
    public async Task The_preview_goes_only_to_the_WeChat_the_announcer_paired_from_the_chat_never_to_one_a_request_names()
    {
        const string mine = "oPreviewStaff00000000000001", stranger = "oPreviewStranger0000000001", guesser = "oPreviewGuesser00000000001";
        var id = (await _staff.DraftAnnouncementAsync("all_followers", title: "预览测试讲座"))["id"]!.GetValue<long>();
        var other = _api.ClientWith((await _api.StaffTokensAsync("announcer-preview", StaffRole.Announcer)).AccessToken);
        (await _staff.PostAsync(Url($"/api/v1/staff/announcements/{id}/preview"), null)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "nothing paired yet");

        var code = await PairingCodeAsync(_staff);
        var othersCode = await PairingCodeAsync(other);
        (await ChatAsync(stranger, "预览 00000000")).ShouldContain("无效");
        (await ChatAsync(mine, $"预览 {code}")).ShouldContain("已设为");
        (await ChatAsync(stranger, $"预览 {code}")).ShouldContain("无效", customMessage: "a code works once");

        // The request names another WeChat: the preview still goes where the server's record says.
        var sent = await _staff.PostAsJsonAsync(Url($"/api/v1/staff/announcements/{id}/preview"), new { openId = stranger, touser = stranger });
        sent.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        _previews.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.OpenId.ShouldBe(mine), p => p.Content.ShouldContain("【闭馆】预览测试讲座"));
        (await other.PostAsync(Url($"/api/v1/staff/announcements/{id}/preview"), null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Wrong codes are counted per WeChat before they are checked: after five, even the right one is refused.
        for (var guess = 0; guess < 5; guess++)
            (await ChatAsync(guesser, $"预览 1111111{guess}")).ShouldContain("无效");
        (await ChatAsync(guesser, $"预览 {othersCode}")).ShouldContain("次数过多");
        (await other.PostAsync(Url($"/api/v1/staff/announcements/{id}/preview"), null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        _previews.Count.ShouldBe(1);
        (await _database.TargetsAsync(id)).ShouldBeEmpty("a preview targets no reader");

        // Unpaired, previews go nowhere again.
        (await _staff.DeleteAsync(Url("/api/v1/staff/announcements/preview-recipient"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _staff.PostAsync(Url($"/api/v1/staff/announcements/{id}/preview"), null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Readers_see_announcements_that_went_out_in_the_chat_and_over_REST_but_never_drafts()
    {
        await _api.AddReadersAsync(Reader("RD-1"), Reader("RD-2"));
        await _api.BindWeChatAsync("RD-1", Open("RD-1"));
        await _api.BindWeChatAsync("RD-2", Open("RD-2"));
        var sent = (await _staff.DraftAnnouncementAsync("cards", ["RD-1", "RD-2"], title: "考试周延长开放"))["id"]!.GetValue<long>();
        await _staff.SendAnnouncementAsync(sent);
        await _staff.DraftAnnouncementAsync("cards", ["RD-1"], title: "尚未发出的草稿");

        var published = await _api.CreateClient().GetFromJsonAsync<JsonArray>(new Uri("/api/v1/announcements", UriKind.Relative));
        var (_, reply) = await new WeChatSender(_api.CreateClient()).SafeAsync(WeChatSender.Text(Open("RD-1"), "公告"));
        var (_, help) = await new WeChatSender(_api.CreateClient()).SafeAsync(WeChatSender.Text(Open("RD-1"), "帮助"));

        var titles = published!.Select(a => (string)a!["title"]!).ToList();
        titles.ShouldContain("考试周延长开放");
        titles.ShouldNotContain("尚未发出的草稿");
        WeChatSender.ContentOf(reply).ShouldContain("【闭馆】考试周延长开放");
        WeChatSender.ContentOf(reply).ShouldNotContain("尚未发出的草稿");
        WeChatSender.ContentOf(help).ShouldContain("公告");
    }

    private async Task<List<string>> TargetsOf(string audience, params string[] values)
    {
        var id = (await _staff.DraftAnnouncementAsync(audience, values.Length == 0 ? null : values))["id"]!.GetValue<long>();
        await _staff.SendAnnouncementAsync(id);
        return await _database.TargetsAsync(id);
    }

    private static async Task<string> PairingCodeAsync(HttpClient staff)
    {
        var answer = await staff.PostAsync(Url("/api/v1/staff/announcements/preview-recipient/code"), null);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var issued = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string)issued["sendInChat"]!).ShouldBe($"预览 {issued["code"]}");
        return (string)issued["code"]!;
    }

    private async Task<string> ChatAsync(string openId, string text)
    {
        var (_, reply) = await new WeChatSender(_api.CreateClient()).SafeAsync(WeChatSender.Text(openId, text));
        return WeChatSender.ContentOf(reply);
    }

    private sealed class PreviewWatch(ConcurrentQueue<(string OpenId, string Content)> previews) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/cgi-bin/message/mass/preview")
            {
                var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
                previews.Enqueue(((string)body["touser"]!, (string)body["text"]!["content"]!));
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static string Open(string card) => $"oAnn{card.Replace("-", "", StringComparison.Ordinal)}".PadRight(28, '0');
}
