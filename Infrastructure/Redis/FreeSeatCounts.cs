using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using StackExchange.Redis;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Free seats per zone, counted by one grouped query and kept in Redis for <see cref="Lifetime"/>, shared by every
/// instance: during the 7 a.m. rush the zone list costs one count per two seconds, not one per request. A reader's own
/// booking does not refresh it (the list may lag by two seconds; the database decides the booking); staff changes do.
/// Beside the counts, one hash of "full" marks: zone and time asked → when the mark lapses.
/// </summary>
internal sealed class FreeSeatCounts(IDatabase redis, NpgsqlDataSource dataSource, TimeProvider time) : IFreeSeatCounts
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private const string Key = "seats:free-counts";
    private const string FullKey = "seats:full";

    // Deletes the zone's fields (those starting "{zoneId}:"); the hash holds a few zones × times at most.
    private const string DeleteZoneFields = """
        local prefix = ARGV[1]
        for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
            if string.sub(field, 1, #prefix) == prefix then redis.call('HDEL', KEYS[1], field) end
        end
        return 0
        """;

    public async Task<IReadOnlyDictionary<long, ZoneSeatCount>> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            // Both clocks judge its age: Redis's expiry, and the service's own (tests move it).
            if (await redis.StringGetAsync(Key) is { HasValue: true } kept
                && JsonSerializer.Deserialize<Kept>(kept.ToString()) is { } counts
                && now < DateTimeOffset.FromUnixTimeMilliseconds(counts.At) + Lifetime && now >= DateTimeOffset.FromUnixTimeMilliseconds(counts.At))
                return counts.Zones.ToDictionary(z => long.Parse(z.Key, CultureInfo.InvariantCulture), z => new ZoneSeatCount(z.Value[0], z.Value[1]));
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return await CountAsync(now, cancellationToken);
        }
        var fresh = await CountAsync(now, cancellationToken);
        var json = JsonSerializer.Serialize(new Kept(now.ToUnixTimeMilliseconds(),
            fresh.ToDictionary(z => z.Key.ToString(CultureInfo.InvariantCulture), z => new[] { z.Value.Seats, z.Value.Free })));
        try
        {
            await redis.StringSetAsync(Key, json, Lifetime);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
        }
        return fresh;
    }

    public async Task ForgetAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.KeyDeleteAsync([Key, FullKey]);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
        }
    }

    public async Task<bool> KnownFullAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        try
        {
            // "noted:lapses" in the service's milliseconds: its clock judges the mark's age, as it does the counts'.
            if (await redis.HashGetAsync(FullKey, Field(zoneId, from, to)) is not { HasValue: true } mark
                || mark.ToString().Split(':') is not [var noted, var lapses])
                return false;
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            return now >= long.Parse(noted, CultureInfo.InvariantCulture) && now < long.Parse(lapses, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return false;
        }
    }

    public async Task NoteFullAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            var set = redis.HashSetAsync(FullKey, Field(zoneId, from, to), $"{now}:{now + (long)Lifetime.TotalMilliseconds}");
            // The service's clock decides when a mark lapses; Redis's expiry only clears marks nobody asks about.
            var expire = redis.KeyExpireAsync(FullKey, TimeSpan.FromMinutes(1));
            await Task.WhenAll(set, expire);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
        }
    }

    public async Task ZoneFreedAsync(long zoneId, CancellationToken cancellationToken)
    {
        try
        {
            await redis.ScriptEvaluateAsync(DeleteZoneFields, [FullKey], [$"{zoneId.ToString(CultureInfo.InvariantCulture)}:"]);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
        }
    }

    private static string Field(long zoneId, DateTimeOffset from, DateTimeOffset to) =>
        string.Create(CultureInfo.InvariantCulture, $"{zoneId}:{from.ToUnixTimeMilliseconds()}:{to.ToUnixTimeMilliseconds()}");

    private async Task<Dictionary<long, ZoneSeatCount>> CountAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long ZoneId, int Seats, int Free)>(new CommandDefinition("""
            select z.id,
                   count(s.id)::int,
                   case when not z.enabled or exists (select 1 from seat_zone_closures c where c.zone_id = z.id and c.during @> @now) then 0
                        else count(s.id) filter (where not exists (
                            select 1 from seat_bookings sb
                            where sb.seat_id = s.id and sb.status in ('booked', 'checked_in', 'on_leave') and sb.during @> @now))::int
                   end
            from seat_zones z
            left join seats s on s.zone_id = z.id and s.enabled
            group by z.id
            """, new { now = now.ToUniversalTime() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.ZoneId, r => new ZoneSeatCount(r.Seats, r.Free));
    }

    private sealed record Kept(long At, Dictionary<string, int[]> Zones);
}
