using Dapper;
using Npgsql;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// Subscriptions, the latest arrivals and the weekly digest in PostgreSQL. A title is new from the accession date of
/// its first copy (a further copy of an old title is not news); lost and withdrawn copies do not count.
/// </summary>
internal sealed class NewArrivalsStore(NpgsqlDataSource dataSource, NotificationOutbox outbox) : INewArrivals
{
    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync(long patronId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, string Value)>(new CommandDefinition(
            "select kind, value from new_arrival_subscriptions where patron_id = @patronId order by kind, created_at, value",
            new { patronId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Subscription(Subscription.ParseKind(r.Kind)!.Value, r.Value))];
    }

    public async Task<SubscriptionChange> AddAsync(long patronId, Subscription subscription, int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The reader's row is locked so that two subscriptions at once cannot both pass the count.
        await connection.ExecuteAsync(new CommandDefinition("select 1 from patrons where id = @patronId for update",
            new { patronId }, transaction, cancellationToken: cancellationToken));
        var (has, count) = await connection.QuerySingleAsync<(bool, int)>(new CommandDefinition("""
            select coalesce(bool_or(kind = @kind and value = @value), false), count(*)::int
            from new_arrival_subscriptions where patron_id = @patronId
            """, new { patronId, kind = subscription.KindCode, value = subscription.Value }, transaction, cancellationToken: cancellationToken));
        if (has)
            return SubscriptionChange.AlreadySubscribed;
        if (count >= max)
            return SubscriptionChange.TooMany;
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into new_arrival_subscriptions (patron_id, kind, value) values (@patronId, @kind, @value)",
            new { patronId, kind = subscription.KindCode, value = subscription.Value }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return SubscriptionChange.Added;
    }

    public async Task<bool> RemoveAsync(long patronId, Subscription subscription, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from new_arrival_subscriptions where patron_id = @patronId and kind = @kind and value = @value",
            new { patronId, kind = subscription.KindCode, value = subscription.Value }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<NewArrival>> LatestAsync(long? patronId, DateOnly since, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var arrivals = (await connection.QueryAsync<NewArrival>(new CommandDefinition($"""
            with {ArrivalsSql}
            select a.title_id as TitleId, a.title as Title, a.author as Author, a.isbn as Isbn, a.clc_class as ClcClass,
                   a.accessioned_on as AccessionedOn,
                   exists (select 1 from new_arrival_subscriptions s where s.patron_id = @patronId and {MatchSql}) as Matches
            from arrivals a
            order by Matches desc, a.accessioned_on desc, a.title_id desc
            limit @limit
            """, new { patronId, since, until = DateOnly.MaxValue, limit }, cancellationToken: cancellationToken))).ToList();
        var copies = await TitleCopies.PerBranchAsync(connection, [.. arrivals.Select(a => a.TitleId)], cancellationToken);
        return [.. arrivals.Select(a => a with { Branches = [.. copies[a.TitleId]] })];
    }

    public async Task<DigestReport> RunDigestAsync(DigestWindow window, CancellationToken cancellationToken)
    {
        var (held, notBefore) = outbox.Timing();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string What, int Count)>(new CommandDefinition(DigestSql, new
        {
            since = window.Earliest,
            until = window.Until,
            firstSince = RunNewArrivalsDigest.StartFor(window, null),
            week = window.Week,
            weekKey = window.Week.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            state = held ? "held" : "pending",
            reason = held ? OutboxStore.QuietHoursReason : null,
            notBefore,
            room = TemplateMapping.MaxFieldLength,
            kind = NoticeKind.NewArrivals,
        }, cancellationToken: cancellationToken, commandTimeout: 600))).ToDictionary(r => r.What, r => r.Count);
        return new DigestReport(window.Week, rows.GetValueOrDefault("subscribers"), rows.GetValueOrDefault("enqueued"),
            rows.GetValueOrDefault("nothing_new"),
            rows.Where(r => r.Key.StartsWith("skipped:", StringComparison.Ordinal) && r.Value > 0).ToDictionary(r => r.Key["skipped:".Length..], r => r.Value));
    }

    // Titles whose first circulating copy was accessioned in [since, until].
    private const string ArrivalsSql = """
        arrivals as (
            select t.id as title_id, t.title, t.author, t.isbn, t.clc_class, t.search_document, first.accessioned_on
            from (select i.title_id, min(i.accessioned_on) as accessioned_on
                  from items i
                  where i.accessioned_on between @since and @until and i.status not in ('lost', 'withdrawn')
                  group by i.title_id) first
            join titles t on t.id = first.title_id
            where not exists (select 1 from items o where o.title_id = first.title_id and o.accessioned_on < @since)
        )
        """;

    // A class covers its sub-classes (TP covers TP311); a keyword is looked for in title, author and subjects, folded
    // as catalogue search folds them (NFKC, lower case), so that "c++" finds "Ｃ＋＋程序设计".
    private const string MatchSql = """
        case when s.kind = 'class' then starts_with(a.clc_class, s.value)
             else strpos(a.search_document, catalogue_fold(s.value)) > 0 end
        """;

    // One statement: each subscriber's window starts after their last digest; one notice per reader and week (a rerun
    // adds nothing), its summary fitted to WeChat's 20 characters (新书《title》, or 《newest title》等N种新书). Marks move on for readers
    // who got a notice now or had nothing new, not for one whose notice this week already went (its later arrivals wait
    // for next week's).
    private static readonly string DigestSql = $"""
        with {ArrivalsSql},
        subscribers as (
            select s.patron_id, greatest(coalesce(m.covered_until + 1, @firstSince::date), @since::date) as starts_on
            from (select distinct patron_id from new_arrival_subscriptions) s
            left join new_arrival_digest_marks m on m.patron_id = s.patron_id
        ),
        matches as (
            select r.patron_id, a.title_id, a.title, a.accessioned_on
            from subscribers r
            join arrivals a on a.accessioned_on >= r.starts_on
            where exists (select 1 from new_arrival_subscriptions s where s.patron_id = r.patron_id and {MatchSql})
        ),
        grouped as (
            select patron_id, count(*)::int as titles, min(accessioned_on) as first_on,
                   regexp_replace((array_agg(title order by accessioned_on desc, title_id desc))[1], '\s+', ' ', 'g') as first_title
            from matches group by patron_id
        ),
        judged as (
            select g.*, 'new-arrivals:' || g.patron_id || ':' || @weekKey as key,
                   case when b.openid is null then 'unbound'
                        when fo.unsubscribed_at is not null then 'unfollowed'
                        when exists (select 1 from notification_opt_outs o where o.patron_id = g.patron_id and o.kind = @kind) then 'opted_out'
                   end as skip,
                   @room - 2 - case when g.titles > 1 then char_length('等' || g.titles || '种新书') else 2 end as title_room
            from grouped g
            left join wechat_bindings b on b.patron_id = g.patron_id
            left join followers fo on fo.openid = b.openid
        ),
        queued as (
            insert into notifications (idempotency_key, kind, channel, patron_id, fields, state, reason, not_before)
            select j.key, @kind, 'template', j.patron_id,
                   jsonb_build_object(
                       'summary', case when j.titles = 1 then '新书' else '' end
                                  || '《' || case when char_length(j.first_title) <= j.title_room then j.first_title
                                                  else left(j.first_title, j.title_room - 1) || '…' end || '》'
                                  || case when j.titles > 1 then '等' || j.titles || '种新书' else '' end,
                       'count', j.titles::text, 'firstTitle', j.first_title,
                       'since', to_char(j.first_on, 'YYYY-MM-DD'), 'until', to_char(@until::date, 'YYYY-MM-DD'),
                       'week', @weekKey),
                   @state, @reason, @notBefore
            from judged j
            where j.skip is null
            order by j.key
            on conflict (idempotency_key) do nothing
            returning patron_id
        ),
        marked as (
            insert into new_arrival_digest_marks (patron_id, covered_until)
            select r.patron_id, @until from subscribers r
            where r.patron_id in (select patron_id from queued)
               or not exists (select 1 from judged j where j.patron_id = r.patron_id and j.skip is null)
            order by r.patron_id
            on conflict (patron_id) do update set covered_until = excluded.covered_until, updated_at = now()
            returning patron_id
        )
        select 'subscribers' as what, count(*)::int as count from subscribers
        union all select 'enqueued', count(*)::int from queued
        union all select 'nothing_new', (select count(*) from subscribers) - (select count(*) from grouped)
        union all select 'skipped:' || skip, count(*)::int from judged where skip is not null group by skip
        union all select 'skipped:already_queued', ((select count(*) from judged where skip is null) - (select count(*) from queued))::int
        union all select 'marked', count(*)::int from marked
        """;
}
