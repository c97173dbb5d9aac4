using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Announcements;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Domain.Overdue;
using WeChatLib.Domain.Rooms.Schedule;
using WeChatLib.Domain.Seats;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Persistence;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

/// <summary>
/// The demo library the run command loads, as README.md describes it to a newcomer. The tests that only read it share
/// one seeded library, its schedule and outbox off so that nothing moves it on meanwhile; the tests that seed or change
/// it have a library of their own.
/// </summary>
internal sealed class DemoDataTests
{
    private TestDatabase Database { get; set; } = null!;

    private ApiFactory Api { get; set; } = null!;

    [OneTimeSetUp]
    public async Task SeedOnce()
    {
        Database = await TestDatabase.CreateAsync();
        Api = new ApiFactory(Database.ConnectionString);
        Api.Settings["Jobs:Enabled"] = "false";
        Api.Settings["Outbox:WorkersEnabled"] = "false";
        await SeedAsync(Api);
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await Api.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>README's demo readers: each scripted loan, and the refusal it shows (null: renewable now).</summary>
    private static readonly (string OpenId, string Title, string? Refusal)[] ScriptedLoans =
    [
        ("oDemo20250101", "数据结构（第二版）", null),
        ("oDemo20250101", "Python程序设计基础", null),
        ("oDemo20250101", "算法导论（原书第3版）", null),
        ("oDemo20250101", "高等数学（第三版）", null),
        ("oDemo20250101", "三体", "too_soon"),
        ("oDemo20250102", "傲慢与偏见", "too_many"),
        ("oDemo20250102", "挪威的森林", "on_hold"),
        ("oDemo20250102", "百年孤独", "recalled"),
        ("oDemo20250102", "牛津高阶英汉双解词典（第9版）", "item_type_not_renewable"),
        ("oDemo20240103", "计量经济学（第三版）", "overdue_not_renewable"),
        ("oDemo20240103", "西方经济学（第三版）", "would_not_change_due_date"),
        ("oDemo20240103", "国富论", "too_soon"),
        ("oDemo20240103", "经济研究 2024年合订本", null),
        ("oDemo20230104", "乡土中国", "would_not_change_due_date"),
        ("oDemo20230104", "万历十五年", null),
        ("oDemoT2008105", "中华帝国晚期的叛乱及其敌人：1796—1864年的军事化与社会结构", null),
        ("oDemoT2008105", "中国近代史学习指导与习题解答", "too_many"),
        ("oDemoT2008105", "追寻现代中国：1600—1912年的中国历史", "too_soon"),
        ("oDemo20210004", "红楼梦", "patron_restricted"),
        ("oDemo20210004", "民法学（第三版）", "patron_restricted"),
        ("oDemo20180005", "围城", "patron_expired"),
    ];

    // Every reason a reader can meet in their own list; not_your_loan and already_returned answer only a renewal request.
    private static readonly string[] ListedRefusals =
    [
        "too_many", "too_soon", "on_hold", "recalled", "patron_restricted", "patron_expired", "overdue_not_renewable",
        "item_type_not_renewable", "would_not_change_due_date",
    ];

    [Test]
    public async Task Demo_data_is_never_loaded_in_production()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString) { Environment = "Production" };
        _ = api.CreateClient();

        var refusal = await Should.ThrowAsync<InvalidOperationException>(
            () => api.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None));

        refusal.Message.ShouldContain("Production");
    }

    [Test]
    public async Task Seeding_twice_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await SeedAsync(api);
        var first = await SnapshotAsync(database);

        await SeedAsync(api);

        (await SnapshotAsync(database)).ShouldBe(first);
    }

    [Test]
    public async Task Every_refusal_a_reader_can_meet_appears_in_the_demo_readers_loans()
    {
        await using var connection = Database.Open();
        var readers = await connection.QueryAsync<long>("select distinct patron_id from loans where returned_at is null");

        List<LoanPreflight> loans = [];
        foreach (var reader in readers)
            loans.AddRange((await ListAsync(new ReaderRef.Patron(reader)))!.Loans);

        var codes = loans.Select(l => l.Preflight).OfType<RenewalDecision.Refused>().SelectMany(r => r.Reasons).Select(r => r.Code).ToHashSet();
        ListedRefusals.Except(codes).ShouldBeEmpty();
        loans.ShouldContain(l => l.Preflight is RenewalDecision.Renewable);
    }

    [Test]
    public async Task Each_demo_reader_s_loans_show_what_the_readme_says()
    {
        List<string> departures = [];
        foreach (var reader in ScriptedLoans.GroupBy(s => s.OpenId))
        {
            var mine = (await ListAsync(new ReaderRef.WeChat(reader.Key)))?.Loans ?? [];
            foreach (var (_, title, refusal) in reader)
            {
                var shown = mine.SingleOrDefault(l => l.Loan.Title == title)?.Preflight;
                var codes = shown is RenewalDecision.Refused refused ? refused.Reasons.Select(r => r.Code).ToList() : [];
                var asScripted = refusal is null ? shown is RenewalDecision.Renewable : codes.Contains(refusal);
                if (!asScripted)
                    departures.Add($"{reader.Key} 《{title}》: expected {refusal ?? "renewable"}, shown {(shown is null ? "no loan" : codes.Count == 0 ? "renewable" : string.Join(",", codes))}");
            }
        }

        departures.ShouldBeEmpty();
    }

    [Test]
    public async Task The_demo_has_seats_in_both_branches_a_booking_to_check_in_and_a_suspended_reader()
    {
        var zones = await Api.Services.GetRequiredService<ListSeatZones>().HandleAsync(null, true, CancellationToken.None);
        zones.Select(z => z.Zone.BranchCode).Distinct().ShouldBe(["main", "east"], ignoreOrder: true);
        zones.ShouldAllBe(z => z.Count.Seats >= 24);
        var mine = (await Api.Services.GetRequiredService<ListMySeatBookings>().HandleAsync(new ReaderRef.WeChat("oDemo20250101"), CancellationToken.None))!;
        mine.Bookings.ShouldHaveSingleItem().Status.ShouldBe(SeatBookingStatus.Booked);
        var refused = await Api.Services.GetRequiredService<BookSeat>().HandleAsync(new ReaderRef.WeChat("oDemo20240103"),
            new SeatRequest(null, zones[0].Zone.Id), CancellationToken.None);
        refused.ShouldBeOfType<SeatBookingResult.Refused>().Reasons.ShouldContain(r => r is SeatRefusal.Suspended);
    }

    [Test]
    public async Task The_demo_has_a_draft_announcement_to_all_followers_by_an_announcer()
    {
        var drafts = (await Api.Services.GetRequiredService<AnnouncementDesk>().ListAsync(CancellationToken.None))
            .Where(a => a.Status == AnnouncementStatus.Draft).ToList();
        drafts.ShouldHaveSingleItem().Audience.Kind.ShouldBe(AudienceKind.AllFollowers);
        (await Api.Services.GetRequiredService<IStaffStore>().FindByUsernameAsync("news", CancellationToken.None))!.Roles.ShouldBe([StaffRole.Announcer]);
    }

    [Test]
    public async Task The_demo_has_new_arrivals_in_several_classes_a_reader_subscribed_to_two_and_a_hot_list()
    {
        var latest = await Api.Services.GetRequiredService<ListNewArrivals>().HandleAsync(null, 50, CancellationToken.None);
        latest.Select(t => ClcMainClasses.Of(t.ClcClass)!.Code).Distinct().ShouldBe(["TP", "K", "I", "F", "O"], ignoreOrder: true);
        var chen = (await Api.PatronAsync("20250101")).Id;
        (await Api.Services.GetRequiredService<INewArrivals>().SubscriptionsAsync(chen, CancellationToken.None))
            .Select(s => s.Value).ShouldBe(["K", "TP"], ignoreOrder: true);
        var mine = await Api.Services.GetRequiredService<ListNewArrivals>().HandleAsync(chen, 8, CancellationToken.None);
        mine.TakeWhile(t => t.Matches).Count().ShouldBe(6);
        (await Api.Services.GetRequiredService<ListHotLoans>().HandleAsync(null, 10, CancellationToken.None))!.ShouldNotBeEmpty();
    }

    [Test]
    public async Task The_demo_has_rooms_of_every_kind_in_both_branches_a_group_still_to_confirm_and_one_awaiting_approval()
    {
        await using var connection = Database.Open();

        var kinds = (await connection.QueryAsync<(string Branch, string Kind)>(
            "select distinct b.code, r.kind from rooms r join branches b on b.id = r.branch_id where r.enabled")).ToList();
        foreach (var branch in new[] { "main", "east" })
            kinds.Where(k => k.Branch == branch).Select(k => k.Kind).ShouldBe(["study", "discussion", "seminar", "media"], ignoreOrder: true);
        (await connection.ExecuteScalarAsync<int>("select count(*) from rooms where needs_approval and patron_groups is null")).ShouldBeGreaterThan(0);
        (await connection.ExecuteScalarAsync<int>(
            "select count(*) from rooms where kind = 'seminar' and needs_approval and patron_groups = array['faculty']")).ShouldBe(1);

        var bookings = (await connection.QueryAsync<DemoRoomBooking>("""
            select r.code as room, o.card_number as organiser, b.status, r.min_group, lower(b.during) as starts, b.confirm_by,
                   (lower(b.during) at time zone 'Asia/Shanghai')::time as local_start,
                   (select string_agg(p.card_number || ':' || m.status || ':' || m.holds, ',' order by m.role desc, p.card_number)
                    from room_booking_members m join patrons p on p.id = m.patron_id where m.booking_id = b.id) as members
            from room_bookings b join rooms r on r.id = b.room_id join patrons o on o.id = b.organiser_id
            order by r.code
            """)).ToList();
        var now = DateTime.UtcNow;
        bookings.Select(b => (b.Room, b.Organiser, b.Status, b.Members)).ShouldBe([
            ("M-301", "20250101", "pending", "20250101:confirmed:true,20230104:invited:false,20250102:confirmed:true"),
            ("M-S501", "T2008105", "awaiting_approval", "T2008105:confirmed:true,T1990003:confirmed:true"),
        ]);
        bookings[0].MinGroup.ShouldBe(3, "two of three confirmed: one companion is still to confirm");
        bookings.ShouldAllBe(b => b.Starts > now && b.ConfirmBy > now && b.ConfirmBy <= b.Starts && b.LocalStart == new TimeOnly(14, 0));

        // The schedule finds nothing to end: the deadlines are still to come.
        (await Api.Services.GetRequiredService<RunRoomSchedule>().HandleAsync(CancellationToken.None)).Ended.ShouldBe(0);
        (await connection.ExecuteScalarAsync<int>("select count(*) from notifications")).ShouldBe(0);
    }

    private sealed record DemoRoomBooking(string Room, string Organiser, string Status, int MinGroup, DateTime Starts, DateTime ConfirmBy, TimeOnly LocalStart, string Members);

    [Test]
    public async Task A_demo_reader_has_twelve_loans_for_paging()
    {
        var loans = (await ListAsync(new ReaderRef.WeChat("oDemoT2008105")))!.Loans;

        loans.Count.ShouldBe(12);
        loans.ShouldContain(l => l.DaysLeft < 0);
    }

    [Test]
    public async Task A_reseed_puts_renewed_demo_loans_back_without_adding_loans()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await SeedAsync(api);
        await using var connection = database.Open();
        var loansBefore = await connection.ExecuteScalarAsync<int>("select count(*) from loans");
        var renewed = await api.Services.GetRequiredService<RenewAllLoans>()
            .HandleAsync(new ReaderRef.WeChat("oDemo20250101"), RenewalChannel.Menu, CancellationToken.None);
        renewed!.Renewed.Count.ShouldBe(4);

        await SeedAsync(api);

        (await connection.ExecuteScalarAsync<int>("select count(*) from loans")).ShouldBe(loansBefore);
        var again = (await api.Services.GetRequiredService<ListMyLoans>().HandleAsync(new ReaderRef.WeChat("oDemo20250101"), CancellationToken.None))!.Loans;
        again.Count(l => l.Preflight is RenewalDecision.Renewable).ShouldBe(4);
    }

    [Test]
    public async Task The_demo_has_hold_queues_a_shortened_recall_a_copy_on_a_demo_readers_hold_shelf_and_one_in_transit()
    {
        var desk = Api.Services.GetRequiredService<HoldDesk>();
        var today = Api.Today();
        await using var connection = Database.Open();
        var titles = (await connection.QueryAsync<(string Title, long Id)>("select title, id from titles where title in ('人世间', '三体Ⅱ·黑暗森林')"))
            .ToDictionary(t => t.Title, t => t.Id);

        var recalledQueue = (await desk.QueueAsync(titles["人世间"], CancellationToken.None))!.Holds;
        var shelvedQueue = (await desk.QueueAsync(titles["三体Ⅱ·黑暗森林"], CancellationToken.None))!.Holds;
        var recalled = (await ListAsync(new ReaderRef.WeChat("oDemo20250101")))!.Loans.Single(l => l.Loan.Title == "人世间");
        var ready = (await Api.Services.GetRequiredService<ListMyHolds>().HandleAsync(new ReaderRef.WeChat("oDemo20250102"), CancellationToken.None))!
            .Holds.Single(h => h.Status == HoldStatus.Ready);
        var transit = (await desk.TransitsAsync("east", CancellationToken.None)).Single(t => t.Hold is not null);

        recalledQueue.Select(h => (h.Hold.Status, h.Hold.Position, h.CardNumber)).ShouldBe(
            [(HoldStatus.Waiting, 1, "T2008105"), (HoldStatus.Waiting, 2, "20240103"), (HoldStatus.Waiting, 3, "20250102")]);
        recalled.Loan.Recalled.ShouldBeTrue();
        // Recalled two days ago with a week to return: today + 5, or the next open day, never past the old today + 10.
        recalled.Loan.DueOn.ShouldBeGreaterThanOrEqualTo(today.AddDays(5));
        recalled.Loan.DueOn.ShouldBeLessThanOrEqualTo(today.AddDays(10));
        recalled.Preflight.ShouldBeOfType<RenewalDecision.Refused>().Reasons.Select(r => r.Code).ShouldContain("recalled");
        shelvedQueue.Select(h => (h.Hold.Status, h.CardNumber)).ShouldBe(
            [(HoldStatus.Ready, "20250102"), (HoldStatus.Waiting, "20250101"), (HoldStatus.Waiting, "20230104")]);
        ready.Title.ShouldBe("三体Ⅱ·黑暗森林");
        ready.PickupBy!.Value.ShouldBeGreaterThan(today.AddDays(2));
        ready.PickupBy!.Value.ShouldBeLessThan(today.AddDays(30));
        (await desk.ShelfAsync("main", CancellationToken.None))!.ShouldContain(h => h.Hold.Id == ready.Id);
        transit.Title.ShouldBe("文化苦旅");
        transit.Home.Code.ShouldBe("main");
        transit.Hold!.CardNumber.ShouldBe("20240103");
        transit.Hold.Hold.Status.ShouldBe(HoldStatus.InTransit);
        (await connection.ExecuteScalarAsync<int>("select count(*) from notifications")).ShouldBe(0);
    }

    [Test]
    public async Task The_catalogue_has_hundreds_of_titles_with_valid_isbns_and_class_numbers_in_both_branches()
    {
        await using var connection = Database.Open();

        var titles = (await connection.QueryAsync<(string Isbn, string ClcClass, string Language)>(
            "select isbn, clc_class, language from titles")).ToList();
        var branchesWithItems = await connection.QueryAsync<string>(
            "select distinct b.code from items i join branches b on b.id = i.branch_id order by 1");

        titles.Count.ShouldBeGreaterThanOrEqualTo(300);
        titles.Where(t => t.Isbn != "").ShouldAllBe(t => IsValidIsbn13(t.Isbn));
        titles.ShouldAllBe(t => t.ClcClass != "" && t.Language != "");
        branchesWithItems.ShouldBe(["east", "main"]);
    }

    [Test]
    public async Task The_follow_up_desk_has_books_overdue_by_one_eight_and_twenty_days_with_a_call_due_today()
    {
        var listed = (OverdueListing.Listed)await Api.Services.GetRequiredService<ListOverdueLoans>()
            .HandleAsync(new OverdueQuery(null, null, null, null, null, null), null, null, CancellationToken.None);
        var due = (OverdueListing.Listed)await Api.Services.GetRequiredService<ListOverdueLoans>()
            .HandleAsync(new OverdueQuery(null, null, null, null, null, FollowUpDue: true), null, null, CancellationToken.None);

        var scripted = listed.Loans.Where(l => l.Title is "骆驼祥子" or "边城" or "呐喊").ToList();
        scripted.Select(l => (l.Title, l.Borrower.CardNumber, l.DaysOverdue, l.LastContact?.Outcome)).ShouldBe(
            [("呐喊", "20250102", 20, "promised_return"), ("边城", "20230001", 8, "no_answer"), ("骆驼祥子", "20220002", 1, null)]);
        scripted[0].NextFollowUpOn.ShouldBe(Api.Today().AddDays(2));
        scripted[0].Borrower.WeChatBound.ShouldBeTrue();
        due.Loans.Select(l => l.Title).ShouldContain("边城");
        due.Loans.Select(l => l.Title).ShouldContain("骆驼祥子");
        due.Loans.Select(l => l.Title).ShouldNotContain("呐喊");
        var history = await Api.Services.GetRequiredService<LoanFollowUpHistory>().HandleAsync(scripted[0].LoanId, CancellationToken.None);
        history!.Loan.Contacts.Select(c => c.Channel).ShouldBe(["phone", "wechat"]);
    }

    private static bool IsValidIsbn13(string isbn) =>
        isbn.Length == 13 && isbn.All(char.IsAsciiDigit)
        && isbn.Select((digit, i) => (digit - '0') * (i % 2 == 0 ? 1 : 3)).Sum() % 10 == 0;

    private static Task SeedAsync(ApiFactory api) => api.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);

    private Task<MyLoans?> ListAsync(ReaderRef reader) =>
        Api.Services.GetRequiredService<ListMyLoans>().HandleAsync(reader, CancellationToken.None);

    // Every row of every table the demo data writes, so that a changed timestamp counts as a change.
    private static async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(TestDatabase database)
    {
        string[] tables =
        [
            "branches", "branch_opening_hours", "branch_calendar_dates", "patrons", "wechat_bindings", "staff_accounts",
            "titles", "item_types", "items", "loan_policies", "loans", "holds", "renewals", "overdue_contacts",
            "seat_zones", "seats", "seat_bookings", "seat_suspensions", "rooms", "room_bookings", "room_booking_members",
            "new_arrival_subscriptions", "hot_titles", "announcements",
        ];
        await using var connection = database.Open();
        var snapshot = new Dictionary<string, string>();
        foreach (var table in tables)
            snapshot[table] = await connection.ExecuteScalarAsync<string>(
                $"select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from {table} t") ?? "";
        return snapshot;
    }
}
