using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Outbox;

/// <summary>The global send rate, reserved through the real Redis by many instances at once.</summary>
internal sealed class SendRateLimiterTests
{
    [Test]
    public async Task Forty_instances_reserving_at_once_get_slots_one_interval_apart_and_never_the_same_one()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var shared = redis.GetDatabase().WithKeyPrefix($"test:rate:{Guid.NewGuid():N}:");
        var options = Options.Create(new OutboxOptions { MaxSendsPerSecond = 10 });
        var instances = Enumerable.Range(0, 40).Select(_ => new SendRateLimiter(shared, options)).ToList();

        var slots = await Task.WhenAll(instances.Select(limiter => limiter.ReserveAsync(1, CancellationToken.None)));

        var firsts = slots.Select(s => s.First.TotalMilliseconds).Order().ToList();
        firsts.Zip(firsts.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap > 90, "ten a second: a tenth of a second between slots");
        firsts[^1].ShouldBeGreaterThan(3_700, "forty slots at ten a second span four seconds");
    }

    [Test]
    public async Task A_batch_reserves_a_run_of_slots_and_the_next_reservation_starts_after_it()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var shared = redis.GetDatabase().WithKeyPrefix($"test:rate:{Guid.NewGuid():N}:");
        var options = Options.Create(new OutboxOptions { MaxSendsPerSecond = 100 });

        var batch = await new SendRateLimiter(shared, options).ReserveAsync(50, CancellationToken.None);
        var next = await new SendRateLimiter(shared, options).ReserveAsync(1, CancellationToken.None);

        batch.First.ShouldBeLessThan(TimeSpan.FromMilliseconds(10), "nothing was reserved before the batch");
        next.First.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(400), "fifty slots at a hundred a second take half a second");
    }
}
