using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class AuditTests
{
    [Test]
    public async Task Reusing_a_refresh_token_is_audited_and_logged_without_the_token()
    {
        await using var database = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        await api.AddReadersAsync(Reader("C0001"));
        var patron = await api.PatronAsync("C0001");
        var stolen = await api.ReaderTokensAsync("C0001", "oStolen000000000000000000001");
        var client = api.CreateClient();
        (await client.PostAsJsonAsync(Url("/api/v1/auth/refresh"), new { refreshToken = stolen.RefreshToken })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var replay = await client.PostAsJsonAsync(Url("/api/v1/auth/refresh"), new { refreshToken = stolen.RefreshToken });

        replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await using var connection = database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'session.refresh-reuse' and target = @target",
            new { target = $"patron:{patron.Id}" })).ShouldBe(1);
        logs.Entries.ShouldContain(e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains($"patron:{patron.Id}", StringComparison.Ordinal));
        logs.Entries.ShouldAllBe(e => !e.Contains(stolen.RefreshToken));
    }

    [Test]
    public async Task Each_card_bound_by_an_import_is_audited()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("S0001"), Reader("S0002"));
        var desk = api.ClientWith((await api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);

        var answer = await desk.PostAsync(Url("/api/v1/staff/bindings/import"), new StringContent(
            "card_number,openid\r\nS0001,oMigrated00000000000000000001\r\nS0002,oMigrated00000000000000000002\r\n", Encoding.UTF8, "text/csv"));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var connection = database.Open();
        var audits = (await connection.QueryAsync<(string Actor, string Target, string Details)>(
            "select actor, target, details::text from audit_log where action = 'binding.create' order by target")).ToList();
        audits.Select(a => a.Target).ShouldBe(["S0001", "S0002"]);
        audits.ShouldAllBe(a => a.Actor.StartsWith("staff:") && a.Details.Contains("import"));
    }

    [Test]
    public async Task A_change_whose_audit_row_cannot_be_written_is_not_made()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString) { ExpectsServerErrors = true };
        await api.AddReadersAsync(Reader("C0001"), Reader("C0002"), Reader("C0003"));
        await api.ReaderTokensAsync("C0001", "oBound00000000000000000000001");
        var ticket = await api.BindingTicketAsync("oBinding0000000000000000001");
        var admin = api.ClientWith((await api.StaffTokensAsync("boss", StaffRole.Admin)).AccessToken);
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'the audit log is unavailable'; end $$;
            create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit();
            """);

        var unbind = await admin.DeleteAsync(Url("/api/v1/staff/patrons/C0001/binding"));
        var restrict = await admin.PutAsJsonAsync(Url("/api/v1/staff/patrons/C0002/status"), new { status = "restricted", reason = "超期未还" });
        var bind = await api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/bind"), new { ticket, cardNumber = "C0002", pin = Pin });
        var import = await admin.PostAsync(Url("/api/v1/staff/patrons/import"),
            new StringContent("card_number,name,group,expires_on\r\nS0009,新读者,undergraduate,2030-07-01\r\n", Encoding.UTF8, "text/csv"));
        var bindingImport = await admin.PostAsync(Url("/api/v1/staff/bindings/import"),
            new StringContent("card_number,openid\r\nC0003,oMigrated00000000000000000009\r\n", Encoding.UTF8, "text/csv"));
        var account = await admin.PostAsJsonAsync(Url("/api/v1/staff/accounts"),
            new { username = "newcomer", displayName = "新同事", password = StaffPassword, roles = new[] { "circulation" } });

        new[] { unbind, restrict, bind, import, bindingImport, account }.ShouldAllBe(a => a.StatusCode == HttpStatusCode.InternalServerError);
        (await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings")).ShouldBe(1);
        (await api.PatronAsync("C0002")).Status.ShouldBe(PatronStatus.Active);
        (await api.PatronAsync("S0009")).ShouldBeNull();
        (await connection.ExecuteScalarAsync<int>("select count(*) from staff_accounts where username = 'newcomer'")).ShouldBe(0);
    }
}
