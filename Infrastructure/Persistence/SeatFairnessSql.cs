using Dapper;
using Npgsql;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The fairness rules' rows (violations, suspensions, the rules), read and written inside a release transaction: the
/// seat release job's and the room schedule's, so that a no-show of either kind counts under the same rules.
/// </summary>
internal static class SeatFairnessSql
{
    public const string Rules = "select violations_to_suspend, violation_window_days, suspension_days, daily_cancellations from seat_rules";

    // One reader's record is judged by one transaction at a time (a seat and a room released in the same minute, by two
    // jobs): the second waits, then reads the first's violation. Keys in order, so that two runs never wait in a circle.
    private const string LockStandings = """
        select pg_advisory_xact_lock(k)
        from (select distinct hashtextextended('seat-standing:' || id, 0) as k from unnest(@patronIds) id order by k) keys
        """;

    // A room no-show's booking is in room_booking_id; the violation's kind says which.
    private const string Standings = """
        select id, patron_id, coalesce(booking_id, room_booking_id) as booking_id, kind, occurred_at
        from seat_violations where patron_id = any(@patronIds) order by occurred_at, id;
        select id, patron_id, starts_at, ends_at, reason, violation_id, lifted_at, lifted_by, lift_note
        from seat_suspensions where patron_id = any(@patronIds) order by starts_at, id;
        """;

    // One suspension per tipping violation (a unique key), and none while another is in force.
    private const string Suspend = """
        insert into seat_suspensions (patron_id, starts_at, ends_at, reason, violation_id)
        select n.patron_id, n.starts_at, n.ends_at, n.reason, n.violation_id
        from unnest(@patronIds, @startsAt::timestamptz[], @endsAt::timestamptz[], @reasons, @violationIds)
            as n (patron_id, starts_at, ends_at, reason, violation_id)
        where not exists (select 1 from seat_suspensions s
                          where s.patron_id = n.patron_id and s.lifted_at is null and s.starts_at <= n.starts_at and n.starts_at < s.ends_at)
        order by n.violation_id
        on conflict (violation_id) do nothing
        returning id, patron_id, starts_at, ends_at, reason, violation_id, lifted_at, lifted_by, lift_note
        """;

    public static async Task<SeatFairnessPolicy> RulesAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var row = await transaction.Connection!.QuerySingleAsync<SeatRulesRow>(new CommandDefinition(Rules, transaction: transaction, cancellationToken: cancellationToken));
        return row.ToRules();
    }

    public static async Task<IReadOnlyDictionary<long, SeatStandingRecord>> StandingsAsync(NpgsqlTransaction transaction, IReadOnlyCollection<long> patronIds,
        CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var ids = patronIds.ToArray();
        await connection.ExecuteAsync(new CommandDefinition(LockStandings, new { patronIds = ids }, transaction, cancellationToken: cancellationToken));
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            Standings, new { patronIds = ids }, transaction, cancellationToken: cancellationToken));
        var violations = (await results.ReadAsync<ViolationRow>()).Select(r => r.ToViolation()).ToLookup(v => v.PatronId);
        var suspensions = (await results.ReadAsync<SuspensionRow>()).Select(r => r.ToSuspension()).ToLookup(s => s.PatronId);
        return patronIds.ToDictionary(id => id, id => new SeatStandingRecord([.. violations[id]], [.. suspensions[id]]));
    }

    public static async Task<IReadOnlyList<SeatSuspension>> SuspendAsync(NpgsqlTransaction transaction, IReadOnlyList<NewSeatSuspension> suspensions,
        CancellationToken cancellationToken)
    {
        if (suspensions.Count == 0)
            return [];
        var rows = await transaction.Connection!.QueryAsync<SuspensionRow>(new CommandDefinition(Suspend, new
        {
            patronIds = suspensions.Select(s => s.Tipping.PatronId).ToArray(),
            startsAt = suspensions.Select(s => s.StartsAt.ToUniversalTime()).ToArray(),
            endsAt = suspensions.Select(s => s.EndsAt.ToUniversalTime()).ToArray(),
            reasons = suspensions.Select(s => s.Reason).ToArray(),
            violationIds = suspensions.Select(s => s.Tipping.Id).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSuspension())];
    }
}
