using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class ImportTests : ServiceTest
{
    private const string Header = "card_number,name,group,expires_on,college,campus,status,restriction_reason,preferred_language,pin";

    private HttpClient _staff = null!;

    [SetUp]
    public async Task Prepare()
    {
        _staff = Api.ClientWith((await Api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
    }

    [TearDown]
    public void CleanUp() => _staff.Dispose();

    [Test]
    public async Task A_csv_file_creates_patrons_whose_pins_then_bind()
    {
        var answer = await ImportCsv("/api/v1/staff/patrons/import", Header,
            "S0001,张三,undergraduate,2027-07-01,计算机学院,中心校区,,,zh,135790",
            "\"S0002\",\"O'Brien, Pat\",faculty,2030-12-31,\"School of \"\"Law\"\"\",东校区,restricted,超期未还,en,");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((int?)report["created"]).ShouldBe(2);
        ((bool?)report["applied"]).ShouldBe(true);
        var pat = await Api.PatronAsync("S0002");
        pat.Name.ShouldBe("O'Brien, Pat");
        pat.College.ShouldBe("School of \"Law\"");
        pat.RestrictionReason.ShouldBe("超期未还");
        var bind = await Api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/bind"),
            new { ticket = await Api.BindingTicketAsync("oImported0000000000000000001"), cardNumber = "S0001", pin = "135790" });
        bind.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_file_with_one_bad_row_changes_nothing_and_reports_every_problem()
    {
        await Api.AddReadersAsync(Reader("S0001", name: "原名"));

        var answer = await ImportCsv("/api/v1/staff/patrons/import", Header,
            "S0001,新名字,graduate,2029-07-01,,,,,,",
            "S0003,,wizard,2029-13-01,,,,,,12",
            "S0001,重复,graduate,2029-07-01,,,,,,");

        answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)problem["type"]).ShouldBe("/problems/import-rejected");
        var rejected = problem["report"]!["rejected"]!.AsArray().Select(r => ((int)r!["line"]!, (string)r["field"]!)).ToList();
        rejected.ShouldBe([(2, "name"), (2, "group"), (2, "expires_on"), (2, "pin"), (3, "card_number")], ignoreOrder: true);
        ((bool?)problem["report"]!["applied"]).ShouldBe(false);
        (await Api.PatronAsync("S0001")).Name.ShouldBe("原名");
        (await Api.PatronAsync("S0003")).ShouldBeNull();
    }

    [Test]
    public async Task A_change_of_group_keeps_card_binding_and_pin_and_is_audited()
    {
        await Api.AddReadersAsync(Reader("S0001"));
        var before = await Api.PatronAsync("S0001");
        var tokens = await Api.ReaderTokensAsync("S0001", "oPromoted0000000000000000001");

        var answer = await _staff.PostAsJsonAsync(Url("/api/v1/staff/patrons/import"),
            new[] { new { card_number = "S0001", name = "测试读者", group = "graduate", expires_on = "2030-07-01" } });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((int?)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["groupChanges"]).ShouldBe(1);
        var after = await Api.PatronAsync("S0001");
        after.Id.ShouldBe(before.Id);
        after.PinHash.ShouldBe(before.PinHash);
        var me = (await Api.ClientWith(tokens.AccessToken).GetFromJsonAsync<JsonObject>(Url("/api/v1/me")))!;
        ((string?)me["group"]).ShouldBe("graduate");
        me["binding"].ShouldNotBeNull();
        await using var connection = Database.Open();
        var audit = await connection.QuerySingleAsync<(string Actor, string Details)>(
            "select actor, details::text from audit_log where action = 'patron.group-changed' and target = 'S0001'");
        audit.Actor.ShouldStartWith("staff:");
        audit.Details.ShouldContain("undergraduate");
        audit.Details.ShouldContain("graduate");
    }

    [Test]
    public async Task A_file_that_cannot_be_read_is_refused_plainly()
    {
        var missingColumn = await ImportCsv("/api/v1/staff/patrons/import", "card_number,name", "S0001,张三");
        var gbk = new ByteArrayContent([.. Encoding.UTF8.GetBytes(Header + "\nS0001,"), 0xD5, 0xC5, .. Encoding.UTF8.GetBytes(",faculty,2030-01-01,,,,,,\n")]);
        gbk.Headers.ContentType = new("text/csv");
        var notUtf8 = await _staff.PostAsync(Url("/api/v1/staff/patrons/import"), gbk);
        var xml = await _staff.PostAsync(Url("/api/v1/staff/patrons/import"), new StringContent("<patrons/>", Encoding.UTF8, "application/xml"));

        foreach (var answer in new[] { missingColumn, notUtf8, xml })
            (await answer.ProblemTypeAsync()).ShouldBe("/problems/bad-request");
    }

    [Test]
    public async Task Bindings_from_the_previous_service_are_imported_all_or_nothing()
    {
        await Api.AddReadersAsync(Reader("S0001"), Reader("S0002"), Reader("S0003"));
        await Api.ReaderTokensAsync("S0003", "oAlreadyHere0000000000000001");

        var bad = await ImportCsv("/api/v1/staff/bindings/import", "card_number,openid",
            "S0001,oMigrated00000000000000000001", "S0009,oMigrated00000000000000000002", "S0002,oAlreadyHere0000000000000001");
        await using var connection = Database.Open();
        var countAfterBad = await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings");
        var good = await ImportCsv("/api/v1/staff/bindings/import", "card_number,openid",
            "S0001,oMigrated00000000000000000001", "S0002,oMigrated00000000000000000002", "S0003,oAlreadyHere0000000000000001");

        (await bad.ProblemTypeAsync()).ShouldBe("/problems/import-rejected");
        countAfterBad.ShouldBe(1);
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((int?)(await good.Content.ReadFromJsonAsync<JsonObject>())!["created"]).ShouldBe(2);
        (await connection.ExecuteScalarAsync<string>("select openid from wechat_bindings b join patrons p on p.id = b.patron_id where card_number = 'S0002'"))
            .ShouldBe("oMigrated00000000000000000002");
        (await connection.ExecuteScalarAsync<string>("select bound_via from wechat_bindings b join patrons p on p.id = b.patron_id where card_number = 'S0001'"))
            .ShouldBe("import");
    }

    [Test]
    public async Task An_import_with_only_the_required_columns_leaves_every_other_column_as_it_was()
    {
        await Api.AddReadersAsync(Reader("S0001", PatronStatus.Restricted, "超期未还") with { College = "法学院", Campus = "东校区", PreferredLanguage = Language.En });

        var answer = await ImportCsv("/api/v1/staff/patrons/import", "card_number,name,group,expires_on", "S0001,测试读者,graduate,2031-07-01");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var patron = await Api.PatronAsync("S0001");
        patron.Group.ShouldBe(PatronGroup.Graduate);
        patron.ExpiresOn.ShouldBe(new DateOnly(2031, 7, 1));
        patron.Status.ShouldBe(PatronStatus.Restricted);
        patron.RestrictionReason.ShouldBe("超期未还");
        patron.PreferredLanguage.ShouldBe(Language.En);
        patron.College.ShouldBe("法学院");
        patron.Campus.ShouldBe("东校区");
    }

    [Test]
    public async Task An_explicit_empty_cell_clears_an_optional_column_and_a_missing_one_never_does()
    {
        await Api.AddReadersAsync(Reader("S0001") with { College = "法学院", Campus = "东校区" }, Reader("S0002") with { College = "理学院", Campus = "西校区" });

        var csv = await ImportCsv("/api/v1/staff/patrons/import", "card_number,name,group,expires_on,college", "S0001,测试读者,undergraduate,2030-07-01,");
        var json = await _staff.PostAsJsonAsync(Url("/api/v1/staff/patrons/import"),
            new[] { new { card_number = "S0002", name = "测试读者", group = "undergraduate", expires_on = "2030-07-01", college = (string?)null } });

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Api.PatronAsync("S0001")).College.ShouldBe("");
        (await Api.PatronAsync("S0001")).Campus.ShouldBe("东校区");
        (await Api.PatronAsync("S0002")).College.ShouldBe("");
        (await Api.PatronAsync("S0002")).Campus.ShouldBe("西校区");
    }

    [Test]
    public async Task A_short_csv_row_leaves_the_cells_it_lacks_as_they_were()
    {
        await Api.AddReadersAsync(Reader("S0001") with { College = "法学院", Campus = "东校区" });

        // Spreadsheets leave trailing empty cells off: this row has the four required cells only.
        var answer = await ImportCsv("/api/v1/staff/patrons/import", Header, "S0001,新名字,undergraduate,2030-07-01");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var patron = await Api.PatronAsync("S0001");
        patron.Name.ShouldBe("新名字");
        patron.College.ShouldBe("法学院");
        patron.Campus.ShouldBe("东校区");
    }

    [Test]
    public async Task Json_keys_that_differ_only_in_case_are_refused_as_a_bad_request()
    {
        await Api.AddReadersAsync(Reader("S0001") with { College = "法学院" });
        const string body = """
            [{"card_number": "S0001", "name": "测试读者", "group": "undergraduate", "expires_on": "2030-07-01", "college": "理学院", "College": ""}]
            """;

        var answer = await _staff.PostAsync(Url("/api/v1/staff/patrons/import"), new StringContent(body, Encoding.UTF8, "application/json"));

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await answer.ProblemTypeAsync()).ShouldBe("/problems/bad-request");
        (await Api.PatronAsync("S0001")).College.ShouldBe("法学院");
    }

    [Test]
    public async Task A_status_changed_by_an_import_is_audited_for_that_patron()
    {
        await Api.AddReadersAsync(Reader("S0001"), Reader("S0002"), Reader("S0003", PatronStatus.Restricted, "超期未还"));

        var answer = await ImportCsv("/api/v1/staff/patrons/import", "card_number,name,group,expires_on,status,restriction_reason",
            "S0001,测试读者,undergraduate,2030-07-01,restricted,遗失图书未赔",
            "S0002,测试读者,undergraduate,2030-07-01,,",
            "S0003,测试读者,undergraduate,2030-07-01,active,");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var connection = Database.Open();
        var audits = (await connection.QueryAsync<(string Actor, string Target, string Details)>(
            "select actor, target, details::text from audit_log where action = 'patron.status' order by target")).ToList();
        audits.Select(a => a.Target).ShouldBe(["S0001", "S0003"]);
        audits.ShouldAllBe(a => a.Actor.StartsWith("staff:"));
        audits[0].Details.ShouldContain("restricted");
        audits[0].Details.ShouldContain("遗失图书未赔");
        audits[1].Details.ShouldContain("active");
        (await Api.PatronAsync("S0002")).Status.ShouldBe(PatronStatus.Active);
        (await Api.PatronAsync("S0003")).RestrictionReason.ShouldBeNull();
    }

    private Task<HttpResponseMessage> ImportCsv(string path, string header, params string[] rows) =>
        _staff.PostAsync(Url(path), new StringContent(string.Join("\r\n", [header, .. rows]) + "\r\n", Encoding.UTF8, "text/csv"));
}
