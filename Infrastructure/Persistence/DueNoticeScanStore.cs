using System.Text.Json;
using Dapper;
using Npgsql;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The daily scan in one statement: the day's firings joined to the open loans due on their dates (one index range
/// each), grouped to one notice per reader and kind (named after the most urgent due date and its rule), judged (unbound, unfollowed, opted out), and
/// inserted into the outbox with <c>on conflict do nothing</c>, so reruns and concurrent instances add nothing twice.
/// </summary>
internal sealed class DueNoticeScanStore(NpgsqlDataSource dataSource, NotificationOutbox outbox, LibraryClock clock, TimeProvider time) : IDueNoticeScan
{
    public async Task<ScanReport> RunAsync(DateOnly scanDate, IReadOnlyList<NoticeFiring> firings, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        // Quiet hours and their end, by the outbox's own rule: a catch-up run at night holds its notices until morning.
        var (held, notBefore) = outbox.Timing();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CountRow>(new CommandDefinition(ScanSql, new
        {
            groups = firings.Select(f => f.Rule.PatronGroup).ToArray(),
            codes = firings.Select(f => f.Rule.Code).ToArray(),
            kinds = firings.Select(f => f.Rule.Kind).ToArray(),
            dueDates = firings.Select(f => f.DueOn).ToArray(),
            occurrences = firings.Select(f => f.Occurrence).ToArray(),
            repeats = firings.Select(f => f.Rule.Repeats).ToArray(),
            statuses = firings.Select(f => f.Status).ToArray(),
            // A courtesy or due-day reminder is true until its due date ends in library time; an overdue notice stays true.
            staleAfter = firings.Select(f => f.Rule.Kind == NoticeKind.DueReminder ? EndOf(f.DueOn) : (DateTimeOffset?)null).ToArray(),
            optional = NoticeKind.Optional.ToArray(),
            state = held ? "held" : "pending",
            reason = held ? OutboxStore.QuietHoursReason : null,
            notBefore,
            hintZh = DueNoticeWording.RenewHint(english: false),
            hintEn = DueNoticeWording.RenewHint(english: true),
            room = TemplateMapping.MaxFieldLength,
            scanDate,
        }, cancellationToken: cancellationToken, commandTimeout: 600))).ToList();

        var enqueued = rows.Where(r => r.What == "enqueued").ToDictionary(r => r.Name, r => r.Count);
        var skipped = rows.Where(r => r.What == "skipped" && r.Count > 0).ToDictionary(r => r.Name, r => r.Count);
        var loansSeen = rows.Where(r => r.What == "loans").Sum(r => r.Count);
        var report = new ScanReport(scanDate, loansSeen, enqueued, skipped, (int)time.GetElapsedTime(started).TotalMilliseconds);

        // One report per date: what was queued adds up over the day's runs; the rest is as the latest run saw it.
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into notice_scans (scan_date, started_at, finished_at, loans_seen, enqueued, skipped, duration_ms)
            values (@scanDate, @startedAt, @finishedAt, @LoansSeen, @enqueued::jsonb, @skipped::jsonb, @DurationMs)
            on conflict (scan_date) do update set
                finished_at = excluded.finished_at, loans_seen = excluded.loans_seen, skipped = excluded.skipped,
                duration_ms = excluded.duration_ms,
                enqueued = (select coalesce(jsonb_object_agg(k, total), '{}')
                            from (select k, sum(v::int) as total
                                  from (select * from jsonb_each_text(notice_scans.enqueued)
                                        union all select * from jsonb_each_text(excluded.enqueued)) e (k, v)
                                  group by k) s)
            """, new
        {
            scanDate, startedAt, finishedAt = time.GetUtcNow(), report.LoansSeen, report.DurationMs,
            enqueued = JsonSerializer.Serialize(enqueued), skipped = JsonSerializer.Serialize(skipped),
        }, cancellationToken: cancellationToken));
        return report;
    }

    public async Task<IReadOnlyList<ScanReport>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReportRow>(new CommandDefinition("""
            select scan_date, loans_seen, enqueued::text as enqueued, skipped::text as skipped, coalesce(duration_ms, 0) as duration_ms
            from notice_scans order by scan_date desc limit @limit
            """, new { limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ScanReport(r.ScanDate, r.LoansSeen,
            JsonSerializer.Deserialize<Dictionary<string, int>>(r.Enqueued) ?? [],
            JsonSerializer.Deserialize<Dictionary<string, int>>(r.Skipped) ?? [], r.DurationMs))];
    }

    private DateTimeOffset EndOf(DateOnly date)
    {
        var midnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(midnight, clock.Zone), TimeSpan.Zero);
    }

    // Inserted in key order, so that two instances scanning at once wait for each other's rows instead of deadlocking.
    // The title field fits WeChat's 20 characters by itself: 《first title》, then 等N本 for more (each character counted,
    // which WeChat's count of a letter run as one never exceeds).
    private const string ScanSql = """
        with firing as (
            select * from unnest(@groups::text[], @codes::text[], @kinds::text[], @dueDates::date[], @occurrences::int[],
                                 @repeats::boolean[], @statuses::text[], @staleAfter::timestamptz[])
                as f (patron_group, code, kind, due_on, occurrence, repeats, status, stale_after)
        ),
        hits as (
            select l.id as loan_id, l.patron_id, f.code, f.kind, f.due_on, f.occurrence, f.repeats, f.status, f.stale_after,
                   t.title, i.barcode
            from firing f
            join loans l on l.due_on = f.due_on and l.returned_at is null
            join patrons p on p.id = l.patron_id and p.patron_group = f.patron_group
            join items i on i.id = l.item_id
            join titles t on t.id = i.title_id
        ),
        -- One message per reader and kind, named after its most urgent due date (the earliest) and that date's rule.
        grouped as (
            select patron_id, kind,
                   (array_agg(code order by due_on, loan_id))[1] as code,
                   min(due_on) as due_on,
                   (array_agg(occurrence order by due_on, loan_id))[1] as occurrence,
                   (array_agg(repeats order by due_on, loan_id))[1] as repeats,
                   (array_agg(status order by due_on, loan_id))[1] as status,
                   min(stale_after) as stale_after,
                   count(distinct loan_id)::int as loans,
                   regexp_replace((array_agg(title order by due_on, loan_id))[1], '\s+', ' ', 'g') as first_title,
                   (array_agg(barcode order by due_on, loan_id))[1] as barcode
            from hits
            group by patron_id, kind
        ),
        judged as (
            select g.*, p.preferred_language,
                   g.kind || ':' || g.code || ':' || g.patron_id || ':' || to_char(g.due_on, 'YYYY-MM-DD')
                       || case when g.repeats then ':' || g.occurrence else '' end as key,
                   case when b.openid is null then 'unbound'
                        when fo.unsubscribed_at is not null then 'unfollowed'
                        when g.kind = any(@optional) and exists (
                            select 1 from notification_opt_outs o where o.patron_id = g.patron_id and o.kind = g.kind) then 'opted_out'
                   end as skip,
                   @room - 2 - case when g.loans > 1 then char_length('等' || g.loans || '本') else 0 end as title_room
            from grouped g
            join patrons p on p.id = g.patron_id
            left join wechat_bindings b on b.patron_id = g.patron_id
            left join followers fo on fo.openid = b.openid
        ),
        queued as (
            insert into notifications (idempotency_key, kind, channel, patron_id, fields, state, reason, not_before, stale_after)
            select j.key, j.kind, 'template', j.patron_id,
                   jsonb_build_object(
                       'title', '《' || case when char_length(j.first_title) <= j.title_room then j.first_title
                                            else left(j.first_title, j.title_room - 1) || '…' end || '》'
                                || case when j.loans > 1 then '等' || j.loans || '本' else '' end,
                       'firstTitle', j.first_title, 'count', j.loans::text, 'barcode', j.barcode,
                       'dueDate', to_char(j.due_on, 'YYYY-MM-DD'), 'daysOverdue', greatest(@scanDate::date - j.due_on, 0)::text,
                       'status', j.status, 'rule', j.code,
                       'hint', case when j.preferred_language = 'en' then @hintEn else @hintZh end),
                   @state, @reason, @notBefore, j.stale_after
            from judged j
            where j.skip is null
            order by j.key
            on conflict (idempotency_key) do nothing
            returning kind
        )
        select 'enqueued' as what, kind as name, count(*)::int as count from queued group by kind
        union all
        select 'skipped', skip, count(*)::int from judged where skip is not null group by skip
        union all
        select 'skipped', 'already_queued', ((select count(*) from judged where skip is null) - (select count(*) from queued))::int
        union all
        select 'loans', '', count(distinct loan_id)::int from hits
        """;

    private sealed class CountRow
    {
        public string What { get; init; } = "";
        public string Name { get; init; } = "";
        public int Count { get; init; }
    }

    private sealed class ReportRow
    {
        public DateOnly ScanDate { get; init; }
        public int LoansSeen { get; init; }
        public string Enqueued { get; init; } = "{}";
        public string Skipped { get; init; } = "{}";
        public int DurationMs { get; init; }
    }
}
