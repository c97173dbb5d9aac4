using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Infrastructure.Persistence;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class DemoDataTests
{
    [Test]
    public async Task Demo_data_is_never_loaded_in_production()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString) { Environment = "Production" };
        _ = api.CreateClient();

        var refusal = await Should.ThrowAsync<InvalidOperationException>(
            () => api.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None));

        refusal.Message.ShouldContain("Production");
    }
}
