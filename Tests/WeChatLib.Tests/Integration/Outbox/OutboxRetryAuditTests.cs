using System.Net;
using Dapper;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>A staff retry of a dead letter and its audit row are one change: neither is made without the other.</summary>
internal sealed class OutboxRetryAuditTests
{
    [Test]
    public async Task A_staff_retry_whose_audit_row_cannot_be_written_leaves_the_notice_in_the_dead_letters()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString) { ExpectsServerErrors = true };
        api.Settings["Outbox:WorkersEnabled"] = "false";
        var staff = api.ClientWith((await api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        await using var connection = database.Open();
        var id = await connection.ExecuteScalarAsync<long>("""
            insert into notifications (idempotency_key, kind, channel, openid, fields, state, reason, attempts)
            values ('due-reminder:retry-audit', 'due-reminder', 'template', 'oRetryAudit00000000000000001', '{"title":"活着"}', 'dead', '-1 system error', 8)
            returning id
            """);
        await connection.ExecuteAsync("""
            create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'the audit log is unavailable'; end $$;
            create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit();
            """);

        var refused = await staff.PostAsync(Url($"/api/v1/staff/outbox/notices/{id}/retry"), null);
        var stateAfterRefusal = await database.StateAsync("due-reminder:retry-audit");
        await connection.ExecuteAsync("drop trigger refuse_audit on audit_log");
        var retried = await staff.PostAsync(Url($"/api/v1/staff/outbox/notices/{id}/retry"), null);

        refused.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        stateAfterRefusal.ShouldBe("dead");
        retried.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await database.StateAsync("due-reminder:retry-audit")).ShouldBe("pending");
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = 'outbox.retry' and target = @target",
            new { target = $"notification:{id}" })).ShouldBe(1);
    }
}
