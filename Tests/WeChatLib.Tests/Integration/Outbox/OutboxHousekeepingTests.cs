using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Infrastructure.Observability;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Outbox;

internal sealed class OutboxHousekeepingTests
{
    [Test]
    public async Task Final_notices_past_the_retention_are_deleted_with_their_attempts_and_the_rest_stay()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = Quiet(database);
        api.Settings["Outbox:RetentionDays"] = "30";
        _ = api.Services;
        await using var connection = database.Open();
        // More old sent notices than one batch holds, each with two attempts.
        await connection.ExecuteAsync("""
            insert into notifications (idempotency_key, kind, channel, openid, state, created_at, sent_at)
            select 'old-sent:' || g, 'due-reminder', 'template', 'o-reader', 'sent', now() - interval '100 days', now() - interval '100 days'
            from generate_series(1, 12000) g;
            insert into notification_attempts (notification_id, worker, started_at, ended_at, outcome)
            select id, 'w', created_at, created_at, 'success' from notifications cross join generate_series(1, 2);
            insert into notifications (idempotency_key, kind, channel, openid, state, created_at, sent_at)
            values ('old-dead', 'overdue', 'template', 'o-reader', 'dead', now() - interval '40 days', null),
                   ('old-failed', 'overdue', 'template', 'o-reader', 'failed', now() - interval '40 days', null),
                   ('old-dropped', 'due-reminder', 'template', 'o-reader', 'dropped', now() - interval '40 days', null),
                   ('old-pending', 'overdue', 'template', 'o-reader', 'pending', now() - interval '40 days', null),
                   ('old-held', 'overdue', 'template', 'o-reader', 'held', now() - interval '40 days', null),
                   ('old-sending', 'overdue', 'template', 'o-reader', 'sending', now() - interval '40 days', null),
                   ('recent-sent', 'overdue', 'template', 'o-reader', 'sent', now() - interval '20 days', now() - interval '20 days'),
                   ('old-sent-late', 'overdue', 'template', 'o-reader', 'sent', now() - interval '40 days', now() - interval '2 days'),
                   ('old-dead-retried', 'overdue', 'template', 'o-reader', 'dead', now() - interval '40 days', null);
            insert into notification_attempts (notification_id, worker, started_at, ended_at, outcome)
            select id, 'w', now() - interval '3 days', now() - interval '3 days', 'transient' from notifications where idempotency_key = 'old-dead-retried';
            """);

        var deleted = await api.Services.GetRequiredService<OutboxRetention>().DeleteExpiredAsync(CancellationToken.None);

        deleted.ShouldBe(12003);
        (await connection.QueryAsync<string>("select idempotency_key from notifications order by idempotency_key")).ShouldBe(
            ["old-dead-retried", "old-held", "old-pending", "old-sending", "old-sent-late", "recent-sent"]);
        (await connection.ExecuteScalarAsync<int>("select count(*) from notification_attempts")).ShouldBe(1, "the attempts of deleted notices go with them");
    }

    [Test]
    public async Task The_outbox_counts_read_every_state_from_an_index_when_most_notices_are_sent()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = Quiet(database);
        _ = api.Services;
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into notifications (idempotency_key, kind, channel, openid, state, created_at, sent_at)
            select 'n:' || g, case when g % 3 = 0 then 'overdue' else 'due-reminder' end, 'template', 'o-reader',
                   case when g % 1000 = 1 then 'pending' when g % 1000 = 2 then 'held' when g % 1000 = 3 then 'sending'
                        when g % 1000 = 4 then 'dead' when g % 1000 = 5 then 'failed' when g % 1000 = 6 then 'dropped' else 'sent' end,
                   now() - g * interval '1 minute', now() - g * interval '1 minute'
            from generate_series(1, 20000) g
            """);
        await connection.ExecuteAsync("vacuum analyze notifications");

        (await SeqScansAsync(connection, OutboxCountsSampler.Sql)).ShouldBeEmpty("the metrics' counts never scan the notices");
        (await SeqScansAsync(connection, OutboxStore.CountsSql)).ShouldBeEmpty(
            "the staff counts read every state from an index, the sent notices of the last day only");
    }

    private static async Task<List<string>> SeqScansAsync(System.Data.IDbConnection connection, string sql)
    {
        var plan = JsonNode.Parse(await connection.QuerySingleAsync<string>($"explain (format json) {sql}"))!;
        List<string> scans = [];
        Walk(plan);
        return scans;

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonArray array:
                    foreach (var item in array)
                        Walk(item);
                    break;
                case JsonObject plan:
                    if ((string?)plan["Node Type"] == "Seq Scan")
                        scans.Add($"Seq Scan on {(string?)plan["Relation Name"]} {(string?)plan["Filter"]}");
                    foreach (var (_, child) in plan)
                        Walk(child);
                    break;
            }
        }
    }

    private static ApiFactory Quiet(TestDatabase database)
    {
        var api = new ApiFactory(database.ConnectionString);
        api.Settings["Jobs:Enabled"] = "false";
        api.Settings["Outbox:WorkersEnabled"] = "false";
        return api;
    }
}
