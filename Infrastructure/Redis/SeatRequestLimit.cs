using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>Seat requests per reader per clock minute, counted in Redis so that every instance enforces one limit.</summary>
internal sealed class SeatRequestLimit(IDatabase redis, IOptions<SeatRequestLimitOptions> options, TimeProvider time) : ISeatRequestLimit
{
    public async Task<TimeSpan?> TakeAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var who = reader switch
        {
            ReaderRef.Patron patron => string.Create(CultureInfo.InvariantCulture, $"p{patron.PatronId}"),
            ReaderRef.WeChat wechat => $"o{wechat.OpenId}",
            _ => throw new ArgumentOutOfRangeException(nameof(reader)),
        };
        var key = string.Create(CultureInfo.InvariantCulture, $"seat-requests:{who}:{minute}");
        try
        {
            // Both commands in one round trip; EXPIRE NX sets the lifetime once, when the counter is new.
            var count = redis.StringIncrementAsync(key);
            var expire = redis.KeyExpireAsync(key, TimeSpan.FromMinutes(2), ExpireWhen.HasNoExpiry);
            await Task.WhenAll(count, expire);
            if (await count <= options.Value.PerMinute)
                return null;
            return DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60) - now;
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            // Nothing can be counted while Redis is away; the database still holds every booking invariant.
            return null;
        }
    }
}

/// <summary>The <c>RateLimits:SeatRequests</c> section.</summary>
public sealed class SeatRequestLimitOptions
{
    public const string Section = "RateLimits:SeatRequests";

    public int PerMinute { get; set; } = 10;
}

internal sealed class SeatRequestLimitOptionsValidator : IValidateOptions<SeatRequestLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, SeatRequestLimitOptions o) =>
        new Configuration.ConfigurationRules()
            .Check("RateLimits:SeatRequests:PerMinute", o.PerMinute >= 1, "must be at least 1")
            .ToResult();
}
