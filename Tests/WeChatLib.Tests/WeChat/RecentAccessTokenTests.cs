using Microsoft.Extensions.Time.Testing;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Tests.WeChat;

/// <summary>The access token an instance keeps for a few seconds between reads of Redis.</summary>
internal sealed class RecentAccessTokenTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Test]
    public void A_token_is_kept_for_a_few_seconds_then_read_again()
    {
        var recent = new RecentAccessToken(_clock);
        recent.Keep(Token("t1"));

        recent.Get()!.Value.ShouldBe("t1");
        _clock.Advance(RecentAccessToken.KeepFor);
        recent.Get().ShouldBeNull();
    }

    [Test]
    public void A_rejected_token_is_forgotten_and_a_read_finishing_after_the_rejection_cannot_bring_it_back()
    {
        var recent = new RecentAccessToken(_clock);
        recent.Keep(Token("t1"));

        recent.Forget("t1");
        recent.Keep(Token("t1"));

        recent.Get().ShouldBeNull();
        recent.Keep(Token("t2"));
        recent.Get()!.Value.ShouldBe("t2");
    }

    [Test]
    public void A_token_that_expires_sooner_never_replaces_one_that_lasts_longer()
    {
        var recent = new RecentAccessToken(_clock);
        recent.Keep(Token("newer", hours: 2));

        recent.Keep(Token("older", hours: 1));

        recent.Get()!.Value.ShouldBe("newer");
    }

    [Test]
    public async Task Forty_callers_at_once_share_one_read_and_a_rejection_starts_a_fresh_one()
    {
        var recent = new RecentAccessToken(_clock);
        var reads = 0;
        var release = new TaskCompletionSource();
        async Task<WeChatResult<AccessToken>> ReadAsync()
        {
            var n = Interlocked.Increment(ref reads);
            await release.Task;
            return WeChatResult<AccessToken>.Ok(Token($"t{n}"));
        }

        var first = new Task<WeChatResult<AccessToken>>[40];
        Parallel.For(0, first.Length, i => first[i] = recent.Share(ReadAsync));
        recent.Forget("t0");
        var afterRejection = recent.Share(ReadAsync);
        release.SetResult();

        (await Task.WhenAll(first)).Select(r => r.Value!.Value).Distinct().ShouldBe(["t1"]);
        (await afterRejection).Value!.Value.ShouldBe("t2");
        reads.ShouldBe(2);
    }

    private AccessToken Token(string value, int hours = 2) => new(value, _clock.GetUtcNow().AddHours(hours));
}
