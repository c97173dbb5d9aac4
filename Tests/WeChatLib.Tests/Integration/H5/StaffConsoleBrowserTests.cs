using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.H5;

/// <summary>The staff console at /staff/ in a desktop browser, signed in with the staff login, on the same REST API.</summary>
internal sealed class StaffConsoleBrowserTests
{
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private Uri _service = null!;
    private PhoneBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString);
        // No worker sends meanwhile: a dead letter stays dead until retried, and a retried one stays pending.
        _api.Settings["Outbox:WorkersEnabled"] = "false";
        _service = _api.ServeOnRealPort();
        await _database.OpenLibraryAsync();
        _browser = await PhoneBrowser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _browser.DisposeAsync();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_desk_member_sees_the_outbox_counts_and_a_dead_letter_and_retries_it()
    {
        await AddStaffAsync("desk1", StaffRole.Circulation);
        var id = await AddDeadLetterAsync("due-reminder:console-retry");
        var dead = await CountAsync("select count(*) from notifications where state = 'dead'");
        var page = await SignedInAsync("desk1");

        await page.Locator("#content[data-loaded=outbox]").WaitForAsync();
        (await page.Locator("dl.figures [data-state=dead] dd").InnerTextAsync()).Trim().ShouldBe(dead.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var row = page.Locator($"tr[data-notice-id='{id}']");
        (await row.InnerTextAsync()).ShouldContain("-1 system error");
        await row.Locator("button.retry").ClickAsync();

        await page.Locator("#status:has-text('已重新排队')").WaitForAsync();
        (await _database.StateAsync("due-reminder:console-retry")).ShouldBe("pending");
        await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        (await page.Locator("dl.figures [data-state=pending] dd").InnerTextAsync()).Trim().ShouldNotBe("0", "the counts are read again after a retry");
    }

    [Test]
    public async Task Only_staff_whose_roles_allow_announcements_see_that_section()
    {
        await AddStaffAsync("desk2", StaffRole.Circulation);
        await AddStaffAsync("announcer2", StaffRole.Announcer);

        var desk = await SignedInAsync("desk2");
        var announcer = await SignedInAsync("announcer2");

        await desk.Locator("#content[data-loaded=outbox]").WaitForAsync();
        (await desk.Locator("#sections a[href='#announcements']").CountAsync()).ShouldBe(0);
        (await desk.Locator("#sections a[href='#overdue']").CountAsync()).ShouldBe(1);
        await desk.EvaluateAsync("location.hash = '#announcements'");
        await desk.Locator("#content[data-loaded=announcements]").WaitForAsync();
        (await desk.Locator("#content").InnerTextAsync()).ShouldContain("没有权限");
        (await desk.Locator("#content table").CountAsync()).ShouldBe(0, "nothing of the section is shown");

        await announcer.Locator("#content[data-loaded=announcements]").WaitForAsync();
        (await announcer.Locator("#sections a").AllInnerTextsAsync()).Count.ShouldBe(1, "an announcer has the announcements and nothing else");
    }

    [Test]
    public async Task The_audit_log_lists_the_staff_member_s_sign_in()
    {
        var id = await AddStaffAsync("admin3", StaffRole.Admin);
        var page = await SignedInAsync("admin3");

        await page.ClickAsync("#sections a[href='#audit']");
        await page.Locator("#content[data-loaded=audit]").WaitForAsync();
        await page.FillAsync("#content input[name=target]", $"staff:{id}");
        await page.ClickAsync("#content form button[type=submit]");

        // The unfiltered list shown first has other staff's sign-ins too: wait for the filtered one to replace it.
        var rows = page.Locator("#content tr[data-audit-id]");
        await Eventually.HoldsAsync(async () => await rows.AllInnerTextsAsync() is { Count: > 0 } texts && texts.All(text => text.Contains($"staff:{id}")),
            "the target filter reached the service");
        (await rows.Filter(new LocatorFilterOptions { HasText = "staff.sign-in" }).CountAsync()).ShouldBeGreaterThan(0);
    }

    [Test]
    public async Task An_import_shows_its_report_with_every_rejected_row_and_then_what_it_created()
    {
        await AddStaffAsync("desk4", StaffRole.Circulation);
        var page = await SignedInAsync("desk4");
        await page.ClickAsync("#sections a[href='#imports']");
        await page.Locator("#content[data-loaded=imports]").WaitForAsync();

        await page.SelectOptionAsync("#import-kind", "patrons");
        await page.SetInputFilesAsync("#import-file", Csv("card_number,name,group,expires_on", "I0001,王五,undergraduate,2030-07-01", "I0002,赵六,wizard,2030-07-01"));
        await page.ClickAsync("#content form button[type=submit]");

        var rejected = page.Locator("#import-report tr[data-line='2']");
        await rejected.WaitForAsync();
        (await rejected.InnerTextAsync()).ShouldContain("group");
        (await page.Locator("#import-report").InnerTextAsync()).ShouldContain("未做任何更改");
        (await FindPatronAsync("I0001")).ShouldBeNull("a file with a bad row changes nothing");

        await page.SetInputFilesAsync("#import-file", Csv("card_number,name,group,expires_on", "I0001,王五,undergraduate,2030-07-01", "I0002,赵六,graduate,2030-07-01"));
        await page.ClickAsync("#content form button[type=submit]");

        await page.Locator("#import-report [data-figure=created] dd:text-is('2')").WaitForAsync();
        (await page.Locator("#import-report tr[data-line]").CountAsync()).ShouldBe(0);
        (await FindPatronAsync("I0002")).ShouldNotBeNull().Name.ShouldBe("赵六");
    }

    [Test]
    public async Task A_desk_member_releases_a_seat_with_the_reason_typed_in_the_page_and_an_empty_reason_is_never_sent()
    {
        await _api.AddReadersAsync(Reader("S0601", name: "韩梅梅"));
        var seats = await _database.AddSeatZoneAsync("release-3f", 2, prefix: "R3-");
        var now = DateTimeOffset.UtcNow;
        var booking = await _database.AddSeatBookingAsync("S0601", seats[0], now.AddHours(-1), now.AddHours(2), "checked_in");
        await AddStaffAsync("desk6", StaffRole.Circulation);
        var page = await SignedInAsync("desk6");
        var releases = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/release", StringComparison.Ordinal))
                releases.Add(request.PostData ?? "");
        };
        await page.ClickAsync("#sections a[href='#seats']");
        await page.Locator("#content[data-loaded=seats]").WaitForAsync();

        var row = page.Locator($"tr[data-booking-id='{booking}']");
        await row.Locator("button.release").ClickAsync();
        var form = page.Locator($"form.release[data-booking-id='{booking}']");
        await form.WaitForAsync();
        (await PhoneBrowser.SeriousAccessibilityViolationsAsync(page)).ShouldBeEmpty();
        await form.Locator("input[name=reason]").FillAsync("   ");
        await form.Locator("button[type=submit]").ClickAsync();

        await page.Locator("#status.warn:has-text('需要填写理由')").WaitForAsync();
        releases.ShouldBeEmpty("an empty reason is never sent");
        (await form.Locator("input[name=reason]").EvaluateAsync<bool>("input => input === document.activeElement")).ShouldBeTrue();

        await form.Locator("input[name=reason]").FillAsync("  座位上物品放置超过两小时  ");
        await form.Locator("button[type=submit]").ClickAsync();

        await page.Locator("#status:has-text('已释放')").WaitForAsync();
        await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        (await form.CountAsync()).ShouldBe(0, "the form closes once the seat is released");
        releases.ShouldHaveSingleItem().ShouldContain("座位上物品放置超过两小时");
        var released = await _database.SeatBookingAsync(booking);
        (released.Status, released.EndReason, released.EndNote).ShouldBe(("released", "released_by_staff", "座位上物品放置超过两小时"));
    }

    [Test]
    public async Task The_console_s_sections_have_no_serious_accessibility_problem_and_fit_a_tablet()
    {
        await SeedADayAsync();
        await AddStaffAsync("admin5", StaffRole.Admin);
        var page = await SignedInAsync("admin5");
        var violations = new List<string>();

        foreach (var section in new[] { "outbox", "overdue", "seats", "rooms", "announcements", "imports", "audit" })
        {
            await page.ClickAsync($"#sections a[href='#{section}']");
            await page.Locator($"#content[data-loaded={section}]").WaitForAsync();
            violations.AddRange((await PhoneBrowser.SeriousAccessibilityViolationsAsync(page)).Select(v => $"{section}: {v}"));
            if (section == "outbox")
                await PhoneBrowser.ScreenshotAsync(page, "staff-console.png");
        }

        violations.ShouldBeEmpty();
        (await page.Locator("#content[data-loaded=audit] tr[data-audit-id]").CountAsync()).ShouldBeGreaterThan(0);
        await page.ClickAsync("#sections a[href='#overdue']");
        await page.Locator("#content[data-loaded=overdue] tr[data-loan-id]").First.WaitForAsync();
        await page.SetViewportSizeAsync(600, 900);
        (await PhoneBrowser.ScrollWidthAsync(page)).ShouldBeLessThanOrEqualTo(600, "wide tables scroll within their own box");
    }

    /// <summary>A day at the library for the console to show: an overdue loan, a seated reader, a room awaiting approval, a draft, a dead letter.</summary>
    private async Task SeedADayAsync()
    {
        await _api.AddReadersAsync(Reader("S0001", name: "陈晓"), Reader("S0002", name: "李雷"));
        await _database.AddLoanAsync("S0001", "百年孤独", _api.Today(), daysLeft: -12, author: "加西亚·马尔克斯");
        var seats = await _database.AddSeatZoneAsync("quiet-2f", 4);
        var now = DateTimeOffset.UtcNow;
        await _database.AddSeatBookingAsync("S0002", seats[0], now.AddHours(-1), now.AddHours(2), "checked_in");
        await _database.AddRoomAsync("R401", needsApproval: true);
        var start = Support.Rooms.SlotAfter(now, TimeSpan.FromHours(2));
        await _database.AddRoomBookingAsync("S0001", "R401", start, start.AddHours(2), "awaiting_approval", start);
        var announcer = _api.ClientWith((await _api.StaffTokensAsync("seed5", StaffRole.Announcer)).AccessToken);
        await announcer.DraftAnnouncementAsync("all_followers");
        await AddDeadLetterAsync("due-reminder:console-a11y");
    }

    private async Task<IPage> SignedInAsync(string username)
    {
        var page = await _browser.NewDesktopAsync();
        await page.GotoAsync(new Uri(_service, "/staff/").ToString());
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", StaffPassword);
        await page.ClickAsync("#signin button[type=submit]");
        await page.Locator("#sections a").First.WaitForAsync();
        return page;
    }

    private async Task<long> AddStaffAsync(string username, params StaffRole[] roles)
    {
        var created = await _api.Services.GetRequiredService<CreateStaffAccount>().HandleAsync(
            new StaffAccountRequest(username, username, StaffPassword, roles), "system", CancellationToken.None);
        return created.ShouldBeOfType<CreateStaffResult.Created>().Account.Id;
    }

    private async Task<long> AddDeadLetterAsync(string key)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            insert into notifications (idempotency_key, kind, channel, openid, fields, state, reason, attempts)
            values (@key, 'due-reminder', 'template', 'oStaffConsole00000000000001', '{"title":"活着"}', 'dead', '-1 system error', 8)
            returning id
            """, new { key });
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = _database.Open();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private Task<Patron?> FindPatronAsync(string card) =>
        _api.Services.GetRequiredService<IPatronStore>().FindByCardAsync(card, CancellationToken.None);

    private static FilePayload Csv(params string[] lines) =>
        new() { Name = "patrons.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n") };
}
