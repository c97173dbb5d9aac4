using System.Text.Json;
using Dapper;
using Npgsql;
using WeChatLib.Domain.Announcements;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// Announcements, their targets and batches. Starting one resolves its audience into target rows and batches in one
/// set-based statement under the announcement's row lock, so that it happens once whoever starts it.
/// </summary>
internal sealed class AnnouncementStore(NpgsqlDataSource dataSource, TimeProvider time) : IAnnouncements
{
    private const string SelectAnnouncement = """
        select id, title, body, link, category, audience::text as audience, status, send_at, created_by, created_at, started_at, finished_at
        from announcements
        """;

    public async Task<Announcement> CreateAsync(AnnouncementDraftCheck.Valid draft, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<AnnouncementRow>(new CommandDefinition("""
            insert into announcements (title, body, link, category, audience, created_by, created_at)
            values (@Title, @Body, @Link, @category, @audience::jsonb, @actor, @now)
            returning id, title, body, link, category, audience::text as audience, status, send_at, created_by, created_at, started_at, finished_at
            """, new { draft.Title, draft.Body, draft.Link, category = draft.Category.Code(), audience = AudienceJson(draft.Audience), actor, now = time.GetUtcNow() },
            transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, [new AuditEntry(actor, "announcement.draft", AnnouncementDesk.Target(row.Id), new Dictionary<string, string?>
        {
            ["title"] = draft.Title, ["category"] = draft.Category.Code(), ["audience"] = draft.Audience.Kind.Code(),
            ["audienceValues"] = draft.Audience.Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row.ToAnnouncement();
    }

    public async Task<Announcement?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<AnnouncementRow>(new CommandDefinition(
            $"{SelectAnnouncement} where id = @id", new { id }, cancellationToken: cancellationToken)))?.ToAnnouncement();
    }

    public async Task<IReadOnlyList<Announcement>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AnnouncementRow>(new CommandDefinition(
            $"{SelectAnnouncement} order by id desc limit @limit", new { limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAnnouncement())];
    }

    public async Task<IReadOnlyList<Announcement>> PublishedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AnnouncementRow>(new CommandDefinition(
            $"{SelectAnnouncement} where status in ('sending', 'sent') order by started_at desc limit @limit", new { limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAnnouncement())];
    }

    public async Task<AudienceReach> ReachAsync(Audience audience, AudienceDay day, DateOnly month, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (targeted, overCap) = await connection.QuerySingleAsync<(int, int)>(new CommandDefinition($"""
            with audience as ({AudienceSql(audience.Kind)})
            select count(*)::int, (count(*) filter (where coalesce(c.counted, 0) >= @limit))::int
            from audience a left join mass_message_counts c on c.openid = a.openid and c.month = @month
            """, AudienceParameters(audience, day, month, limit), cancellationToken: cancellationToken));
        if (audience.Kind != AudienceKind.Cards)
            return new AudienceReach(targeted, overCap);
        // Cards matched as the audience matches them: regardless of case.
        var cards = (await connection.QueryAsync<(string Card, bool Known)>(new CommandDefinition("""
            select v.card, p.id is not null
            from unnest(@values) v (card)
            left join lateral (select id from patrons where upper(card_number) = v.card limit 1) p on true
            where p.id is null
               or not exists (select 1 from wechat_bindings b where b.patron_id = p.id
                              and not exists (select 1 from followers f where f.openid = b.openid and f.unsubscribed_at is not null))
            order by v.card
            """, new { values = audience.Values.ToArray() }, cancellationToken: cancellationToken))).ToList();
        return new AudienceReach(targeted, overCap, [.. cards.Where(c => !c.Known).Select(c => c.Card)], [.. cards.Where(c => c.Known).Select(c => c.Card)]);
    }

    public async Task<bool> SetAudienceAsync(long id, Audience audience, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var set = await connection.ExecuteAsync(new CommandDefinition("""
            update announcements set audience = @audience::jsonb where id = @id and status in ('draft', 'scheduled')
            """, new { id, audience = AudienceJson(audience) }, transaction, cancellationToken: cancellationToken)) == 1;
        if (set)
            await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return set;
    }

    public async Task<bool> ScheduleAsync(long id, DateTimeOffset sendAt, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var scheduled = await connection.ExecuteAsync(new CommandDefinition("""
            update announcements set status = 'scheduled', send_at = @sendAt where id = @id and status in ('draft', 'scheduled')
            """, new { id, sendAt = sendAt.ToUniversalTime() }, transaction, cancellationToken: cancellationToken)) == 1;
        if (scheduled)
            await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return scheduled;
    }

    public async Task<AnnouncementProgress?> StartAsync(long id, AudienceDay day, DateOnly month, int limit, int batchSize, DateTimeOffset? dueBy,
        AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row lock makes the start happen once, whoever asks; the time is read under it, so a reschedule committed
        // meanwhile is seen.
        var audienceJson = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("""
            select audience::text from announcements
            where id = @id and (case when @dueBy::timestamptz is null then status in ('draft', 'scheduled') else status = 'scheduled' and send_at <= @dueBy end)
            for update
            """, new { id, dueBy = dueBy?.ToUniversalTime() }, transaction, cancellationToken: cancellationToken));
        if (audienceJson is null)
            return null;
        var audience = ReadAudience(audienceJson);
        var now = time.GetUtcNow();
        // The audience's sorts (tens of thousands of openids) in memory rather than on disk, for this transaction only.
        await connection.ExecuteAsync(new CommandDefinition("set local work_mem = '64MB'", transaction: transaction, cancellationToken: cancellationToken));
        var parameters = new DynamicParameters(AudienceParameters(audience, day, month, limit));
        parameters.AddDynamicParams(new { id, batchSize, now });
        // One statement: the readers it names, each counted against the month's cap unless at it (those are set aside),
        // the rest dealt evenly into batches (ntile keeps every batch at two readers or more whenever there are two, as
        // WeChat's openid list requires).
        await connection.ExecuteAsync(new CommandDefinition($"""
            with audience as (select distinct on (openid) openid, patron_id from ({AudienceSql(audience.Kind)}) named order by openid, patron_id),
            counted as ({MassMessageCounts.Take}),
            judged as (
                select a.openid, a.patron_id, c.openid is null as over_cap
                from audience a left join counted c on c.openid = a.openid
            ),
            reachable as (select openid from judged where not over_cap),
            numbered as (
                select openid, ntile(greatest(1, ceil((select count(*) from reachable)::numeric / @batchSize))::int) over (order by openid) as seq
                from reachable
            ),
            batches as (
                insert into announcement_batches (announcement_id, seq, size, state, reason)
                select @id, seq, count(*), case when count(*) < 2 then 'failed' else 'pending' end,
                       case when count(*) < 2 then 'a mass message goes to two readers at least' end
                from numbered group by seq
                returning id, seq
            )
            insert into announcement_targets (announcement_id, openid, patron_id, over_cap, batch_id)
            select @id, j.openid, j.patron_id, j.over_cap, b.id
            from judged j left join numbered n on n.openid = j.openid left join batches b on b.seq = n.seq
            on conflict do nothing
            """, parameters, transaction, cancellationToken: cancellationToken, commandTimeout: 120));
        await connection.ExecuteAsync(new CommandDefinition($"""
            update announcements
            set status = case when exists (select 1 from announcement_batches where announcement_id = @id and state = 'pending') then 'sending' else 'sent' end,
                cap_month = @month, started_at = @now,
                finished_at = case when exists (select 1 from announcement_batches where announcement_id = @id and state = 'pending') then null else @now end
            where id = @id
            """, new { id, now, month }, transaction, cancellationToken: cancellationToken));
        // A lone reader's batch cannot leave (WeChat's list takes two or more): their count is given back.
        await connection.ExecuteAsync(new CommandDefinition($"""
            with released as (select id from announcement_batches where announcement_id = @id and state = 'failed'),
            {MassMessageCounts.GiveBack}
            """, new { id }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ProgressAsync(id, cancellationToken);
    }

    public async Task<IReadOnlyList<long>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<long>(new CommandDefinition(
            "select id from announcements where status = 'scheduled' and send_at <= @now order by send_at, id limit @limit",
            new { now = now.ToUniversalTime(), limit }, cancellationToken: cancellationToken))];
    }

    public async Task<bool> CancelAsync(long id, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The announcement's row lock orders this against a batch about to leave (its attempt share-locks the row): a
        // batch whose request has left goes on; any other never leaves.
        var cancelled = await connection.ExecuteAsync(new CommandDefinition("""
            update announcements set status = 'cancelled', cancelled_by = @actor, finished_at = @now
            where id = @id and status in ('draft', 'scheduled', 'sending')
            """, new { id, actor = audit.Actor, now = time.GetUtcNow() }, transaction, cancellationToken: cancellationToken)) == 1;
        if (cancelled)
        {
            // Batches not yet under way never leave: their readers' counts for the month are given back.
            await connection.ExecuteAsync(new CommandDefinition($"""
                with released as (
                    update announcement_batches set state = 'cancelled', reason = 'cancelled by staff', lease_until = null
                    where announcement_id = @id and state = 'pending'
                    returning id
                ),
                {MassMessageCounts.GiveBack}
                """, new { id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return cancelled;
    }

    public async Task<AnnouncementProgress?> ProgressAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var results = await connection.QueryMultipleAsync(new CommandDefinition("""
            select status from announcements where id = @id;
            select count(*)::int as targeted,
                   (count(*) filter (where t.over_cap))::int as over_cap,
                   (count(*) filter (where b.state = 'sent'))::int as sent,
                   (count(*) filter (where b.state = 'unknown'))::int as unknown,
                   (count(*) filter (where b.state = 'cancelled'))::int as cancelled,
                   (count(*) filter (where b.state in ('pending', 'sending')))::int as pending
            from announcement_targets t left join announcement_batches b on b.id = t.batch_id
            where t.announcement_id = @id;
            select coalesce(reason, 'unknown') as reason, sum(size)::int as readers
            from announcement_batches where announcement_id = @id and state = 'failed' group by 1 order by 1;
            select count(*)::int as batches, count(finish_status)::int as reported,
                   string_agg(distinct finish_status, ', ') as status, coalesce(sum(total_count), 0)::int as total,
                   coalesce(sum(filter_count), 0)::int as filtered, coalesce(sum(sent_count), 0)::int as sent,
                   coalesce(sum(error_count), 0)::int as errors
            from announcement_batches where announcement_id = @id;
            """, new { id }, cancellationToken: cancellationToken));
        if (await results.ReadSingleOrDefaultAsync<string>() is not { } status)
            return null;
        var counts = await results.ReadSingleAsync<ProgressRow>();
        var failed = (await results.ReadAsync<(string Reason, int Readers)>()).ToDictionary(f => f.Reason, f => f.Readers);
        var batches = await results.ReadSingleAsync<BatchTotalsRow>();
        return new AnnouncementProgress(id, AnnouncementRules.ParseStatus(status), counts.Targeted, counts.OverCap, counts.Sent, failed,
            counts.Unknown, counts.Cancelled, counts.Pending, batches.Batches,
            batches.Reported == 0 ? null : new MassSendTotals(batches.Status ?? "", batches.Total, batches.Filtered, batches.Sent, batches.Errors));
    }

    public async Task<bool> RecordFinishAsync(long msgId, MassSendTotals totals, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update announcement_batches
            set finish_status = @Status, total_count = @TotalCount, filter_count = @FilterCount, sent_count = @SentCount,
                error_count = @ErrorCount, finished_at = @now
            where msg_id = @msgId
            """, new { msgId, totals.Status, totals.TotalCount, totals.FilterCount, totals.SentCount, totals.ErrorCount, now = time.GetUtcNow() },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task SetPreviewRecipientAsync(long staffId, string? openId, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("update staff_accounts set preview_openid = @openId where id = @staffId",
            new { staffId, openId }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<string?> PreviewRecipientAsync(long staffId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "select preview_openid from staff_accounts where id = @staffId", new { staffId }, cancellationToken: cancellationToken));
    }

    // The readers an audience names, one row per openid. Followers who left are never targeted; the other kinds are
    // bound readers, whose binding names their openid.
    private static string AudienceSql(AudienceKind kind) => kind == AudienceKind.AllFollowers
        ? """
          select f.openid, b.patron_id from followers f left join wechat_bindings b on b.openid = f.openid
          where f.unsubscribed_at is null
          """
        : $"""
          select b.openid, p.id as patron_id from patrons p join wechat_bindings b on b.patron_id = p.id
          where {ReaderFilter(kind)}
            and not exists (select 1 from followers f where f.openid = b.openid and f.unsubscribed_at is not null)
          """;

    private static string ReaderFilter(AudienceKind kind) => kind switch
    {
        AudienceKind.PatronGroups => "p.patron_group = any(@values)",
        AudienceKind.Campus => "p.campus = any(@values)",
        AudienceKind.Cards => "upper(p.card_number) = any(@values)",
        AudienceKind.ActiveLoans => "exists (select 1 from loans l where l.patron_id = p.id and l.returned_at is null)",
        AudienceKind.SeatBookingsToday => """
            exists (select 1 from seat_bookings s where s.patron_id = p.id and s.status not in ('cancelled', 'released')
                    and s.during && tstzrange(@dayStarts, @dayEnds))
            """,
        AudienceKind.Branch => """
            (exists (select 1 from loans l join items i on i.id = l.item_id join branches br on br.id = i.branch_id
                     where l.patron_id = p.id and l.returned_at is null and br.code = any(@values))
             or exists (select 1 from seat_bookings s join seats st on st.id = s.seat_id join seat_zones z on z.id = st.zone_id
                        join branches br on br.id = z.branch_id
                        where s.patron_id = p.id and s.status not in ('cancelled', 'released')
                          and s.during && tstzrange(@dayStarts, @dayEnds) and br.code = any(@values)))
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static object AudienceParameters(Audience audience, AudienceDay day, DateOnly month, int limit) => new
    {
        values = audience.Values.ToArray(), dayStarts = day.Starts.ToUniversalTime(), dayEnds = day.Ends.ToUniversalTime(), month, limit,
    };

    private static string AudienceJson(Audience audience) =>
        JsonSerializer.Serialize(new AudienceDocument(audience.Kind.Code(), [.. audience.Values]));

    private static Audience ReadAudience(string json)
    {
        var document = JsonSerializer.Deserialize<AudienceDocument>(json)!;
        return new Audience(AnnouncementRules.ParseAudience(document.kind), document.values);
    }

#pragma warning disable IDE1006 // the document's members as stored
    private sealed record AudienceDocument(string kind, string[] values);
#pragma warning restore IDE1006

    private sealed class AnnouncementRow
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        public string? Link { get; init; }
        public string Category { get; init; } = "";
        public string Audience { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTime? SendAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? StartedAt { get; init; }
        public DateTime? FinishedAt { get; init; }

        public Announcement ToAnnouncement() => new(Id, Title, Body, Link, AnnouncementRules.ParseCategory(Category), ReadAudience(Audience),
            AnnouncementRules.ParseStatus(Status), Utc(SendAt), CreatedBy, Utc(CreatedAt)!.Value, Utc(StartedAt), Utc(FinishedAt));

        private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
    }

    private sealed class ProgressRow
    {
        public int Targeted { get; init; }
        public int OverCap { get; init; }
        public int Sent { get; init; }
        public int Unknown { get; init; }
        public int Cancelled { get; init; }
        public int Pending { get; init; }
    }

    private sealed class BatchTotalsRow
    {
        public int Batches { get; init; }
        public int Reported { get; init; }
        public string? Status { get; init; }
        public int Total { get; init; }
        public int Filtered { get; init; }
        public int Sent { get; init; }
        public int Errors { get; init; }
    }
}
