using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Security;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>The service's PIN and password hasher.</summary>
internal sealed class SecretHasherTests
{
    [Test]
    public async Task Forty_verifications_at_once_take_turns_one_per_processor_and_each_gets_its_own_answer()
    {
        using var hasher = new SecretHasher(Options.Create(new PasswordHasherOptions { IterationCount = 10_000 }));
        var hash = hasher.Hash("246810");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => hasher.VerifyAsync(hash, i % 2 == 0 ? "246810" : "135790", CancellationToken.None))));

        answers.Select((matched, i) => matched == (i % 2 == 0)).ShouldAllBe(right => right);
        hasher.MostRunningAtOnce.ShouldBeInRange(1, Environment.ProcessorCount);
    }

    [Test]
    public async Task A_hash_in_an_unknown_format_never_matches()
    {
        using var hasher = new SecretHasher(Options.Create(new PasswordHasherOptions { IterationCount = 10_000 }));

        (await hasher.VerifyAsync("not-a-hash", "246810", CancellationToken.None)).ShouldBeFalse();
    }
}
