using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class ReaderMessageLimitTests
{
    [Test]
    public async Task A_reader_flooding_two_instances_is_held_to_one_shared_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new ApiFactory(database.ConnectionString);
        await using var second = new ApiFactory(database.ConnectionString);
        first.Settings["RateLimits:ReaderMessages:PerMinute"] = second.Settings["RateLimits:ReaderMessages:PerMinute"] = "5";
        var limits = new[] { first, second }.Select(api => api.Services.GetRequiredService<ReaderMessageLimit>()).ToArray();

        var answers = new List<bool>();
        for (var i = 0; i < 8; i++)
            answers.Add(await limits[i % 2].TryAcquireAsync("oFlooder00000000000000000001"));
        var someoneElse = await limits[0].TryAcquireAsync("oQuiet0000000000000000000001");

        answers.ShouldBe([true, true, true, true, true, false, false, false]);
        someoneElse.ShouldBeTrue();
    }
}
