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

    /// <summary>Gives back the count of every reader of the batches in a CTE named <c>released</c> (column <c>id</c>).</summary>
    public const string GiveBack = """
        given_back as (
            select c.openid, c.month
            from released r
            join announcement_targets t on t.batch_id = r.id
            join announcements a on a.id = t.announcement_id
            join mass_message_counts c on c.openid = t.openid and c.month = a.cap_month
            order by c.openid
            for update of c
        )
        update mass_message_counts c set counted = c.counted - 1
        from given_back g where c.openid = g.openid and c.month = g.month and c.counted > 0
        """;
}
