namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The SQL that keeps each follower's monthly count of mass messages: taken when an announcement starts, given back for
/// batches that never left. Rows are locked in openid order by every statement, so that starts and give-backs running
/// together wait for each other instead of deadlocking.
/// </summary>
internal static class MassMessageCounts
{
    /// <summary>
    /// Counts one mass message against <c>@month</c> for each openid of a CTE named <c>audience</c>, where the follower is
    /// below <c>@limit</c>; returns the openids counted. The row lock taken per follower makes the check and the count one
    /// step, however many announcements start at once.
    /// </summary>
    public const string Take = """
        insert into mass_message_counts as c (openid, month, counted)
        select openid, @month, 1 from audience order by openid
        on conflict (openid, month) do update set counted = c.counted + 1 where c.counted < @limit
        returning c.openid
        """;

    /// <summary>
    /// Gives back the count of every reader of the batches in a CTE named <c>released</c> (column <c>id</c>). Each
    /// follower row is found by its key, one lookup per reader, so that no plan can pair every reader with every count
    /// whatever the planner believes of the tables' sizes.
    /// </summary>
    public const string GiveBack = """
        doomed as materialized (
            select t.openid, a.cap_month as month
            from released r
            join announcement_targets t on t.batch_id = r.id
            join announcements a on a.id = t.announcement_id
            where a.cap_month is not null
            order by t.openid
        ),
        given_back as (
            select c.openid, c.month
            from doomed d
            cross join lateral (
                select openid, month from mass_message_counts m where m.openid = d.openid and m.month = d.month for update
            ) c
        )
        update mass_message_counts c set counted = c.counted - 1
        from given_back g where c.openid = g.openid and c.month = g.month and c.counted > 0
        """;
}
