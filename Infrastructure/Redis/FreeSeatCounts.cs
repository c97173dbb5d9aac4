using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using StackExchange.Redis;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.Observability;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Free seats per zone, counted by one grouped query and shared through Redis by every instance: fresh for
/// <see cref="Lifetime"/>, then kept for <see cref="Keep"/> while one request, holding a short lease, counts again and
/// the others answer the last count, so the 7 a.m. rush costs one count per two seconds, not one per request. Only
/// with no count at all does every request count. A reader's own booking does not refresh it (the list may lag by two
/// seconds; the database decides the booking); staff changes and releases drop it. Beside the counts, one hash of
/// "full" marks: zone and time asked → when the mark lapses.
/// </summary>
internal sealed class FreeSeatCounts(IDatabase redis, NpgsqlDataSource dataSource, TimeProvider time) : IFreeSeatCounts
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private const string Key = "seats:free-counts";
    private const string LeaseKey = "seats:free-counts:recount";
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
        Kept? kept;
        try
        {
            kept = await ReadAsync();
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return await CountAsync(now, cancellationToken);
        }
        if (kept is null || now - kept.Stamp >= Keep)
            return await RecountAsync(now, cancellationToken);
        if (Fresh(kept, now))
            return Zones(kept);
        var token = Guid.NewGuid().ToString("N");
        try
        {
            // One request recounts; the others answer the last count meanwhile. The lease lapses should its holder die.
            if (!await redis.LockTakeAsync(LeaseKey, token, Lease))
                return Zones(kept);
            // It may have been recounted between the read and the lease: then that count answers.
            if (await ReadAsync() is { } recounted && Fresh(recounted, now))
                return Zones(recounted);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            return Zones(kept);
        }
        try
        {
            return await RecountAsync(now, cancellationToken);
        }
        finally
        {
            try
            {
                await redis.LockReleaseAsync(LeaseKey, token);
            }
            catch (Exception e) when (RedisOutage.Is(e))
            {
            }
        }
    }

    private async Task<Kept?> ReadAsync() =>
        await redis.StringGetAsync(Key) is { HasValue: true } value ? JsonSerializer.Deserialize<Kept>(value.ToString()) : null;

    /// <summary>
    /// Both clocks judge a count's age: Redis's expiry, and the service's own (tests move it). One stamped ahead of this
    /// instance's clock (another's, a little fast) is recounted under the lease like a lapsed one.
    /// </summary>
    private static bool Fresh(Kept kept, DateTimeOffset now) => now >= kept.Stamp && now - kept.Stamp < Lifetime;

    private async Task<IReadOnlyDictionary<long, ZoneSeatCount>> RecountAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fresh = await CountAsync(now, cancellationToken);
        var json = JsonSerializer.Serialize(new Kept(now.ToUnixTimeMilliseconds(),
            fresh.ToDictionary(z => z.Key.ToString(CultureInfo.InvariantCulture), z => new[] { z.Value.Seats, z.Value.Free })));
        try
        {
            await redis.StringSetAsync(Key, json, Keep);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
        }
        return fresh;
    }

    private static Dictionary<long, ZoneSeatCount> Zones(Kept kept) =>
        kept.Zones.ToDictionary(z => long.Parse(z.Key, CultureInfo.InvariantCulture), z => new ZoneSeatCount(z.Value[0], z.Value[1]));

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
        WeChatLibMetrics.SeatsCounted();
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

    private sealed record Kept(long At, Dictionary<string, int[]> Zones)
    {
        [JsonIgnore]
        public DateTimeOffset Stamp => DateTimeOffset.FromUnixTimeMilliseconds(At);
    }
}
