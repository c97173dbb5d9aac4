using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Identity;

/// <summary>A card that expires by its date ends its sessions as a restriction does, shortly after the library's midnight.</summary>
internal sealed class CardExpiryTests
{
    [Test]
    public async Task After_the_librarys_midnight_passes_a_cards_expiry_date_its_access_and_refresh_tokens_are_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Ten to midnight in the library, with tokens that outlive the next half hour: only the job can end the session.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date;
        var clock = new FakeTimeProvider(new DateTimeOffset(today.AddHours(23).AddMinutes(50), zone.GetUtcOffset(today)).ToUniversalTime());
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Outbox:WorkersEnabled"] = "false";
        api.Settings["Jwt:AccessTokenMinutes"] = "60";
        var libraryNow = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        // The card's last valid day is the library's today.
        await api.AddReadersAsync(Reader("E0001", expiresOn: DateOnly.FromDateTime(libraryNow.DateTime)));
        var tokens = await api.ReaderTokensAsync("E0001", "oExpiring0000000000000000001");
        var reader = api.ClientWith(tokens.AccessToken);
        (await reader.GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Midnight passes; the job's time, a few minutes later, has not come yet.
        var midnight = new DateTimeOffset(libraryNow.Date.AddDays(1), libraryNow.Offset);
        clock.Advance(midnight.AddMinutes(1) - clock.GetUtcNow());
        await Task.Delay(500);
        (await reader.GetAsync(Url("/api/v1/me"))).StatusCode.ShouldBe(HttpStatusCode.OK, "an expired reader may still read until the job runs");

        await clock.RunUntilAsync(async () => (await reader.GetAsync(Url("/api/v1/me"))).StatusCode == HttpStatusCode.Unauthorized,
            "the scheduled job ends the session", TimeSpan.FromMinutes(1));

        clock.GetUtcNow().ShouldBeLessThan(midnight.AddMinutes(15));
        (await api.CreateClient().PostAsJsonAsync(Url("/api/v1/auth/refresh"), new { tokens.RefreshToken })).StatusCode
            .ShouldBe(HttpStatusCode.Unauthorized);
    }
}
