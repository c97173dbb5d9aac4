using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Api.Auth;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Staff;

namespace WeChatLib.Tests.Support;

/// <summary>Readers, staff and their tokens, made through the service's own use cases and endpoints.</summary>
internal static class Identity
{
    public const string Pin = "246810";
    public const string StaffPassword = "correct horse battery";

    public static PatronRecord Reader(string card, PatronStatus status = PatronStatus.Active, string? reason = null, DateOnly? expiresOn = null,
        PatronGroup group = PatronGroup.Undergraduate, string name = "测试读者") =>
        new(card, name, group, "计算机学院", "中心校区", status, reason, expiresOn ?? new DateOnly(2030, 7, 1), Language.Zh, null);

    // PBKDF2 at the shipped work factor costs a core about a tenth of a second per reader: the service's hasher hashes the
    // PIN once for the run, and any service verifies that salted, self-describing hash as it would its own.
    private static string? _pinHash;

    /// <summary>Adds readers with <see cref="Pin"/> as their PIN.</summary>
    public static async Task AddReadersAsync(this ApiFactory api, params PatronRecord[] readers)
    {
        var pinHash = _pinHash ??= api.Services.GetRequiredService<ISecretHasher>().Hash(Pin);
        var withPins = readers.Select(r => r with { PinHash = pinHash }).ToList();
        await api.Services.GetRequiredService<IPatronStore>().UpsertAsync(withPins, "system", null, CancellationToken.None);
    }

    /// <summary>Adds readers who have no PIN (they bind with the campus login).</summary>
    public static Task AddReadersWithoutPinAsync(this ApiFactory api, params PatronRecord[] readers) =>
        api.Services.GetRequiredService<IPatronStore>().UpsertAsync([.. readers.Select(r => r with { PinHash = null })], "system", null, CancellationToken.None);

    public static async Task<Patron> PatronAsync(this ApiFactory api, string card) =>
        (await api.Services.GetRequiredService<IPatronStore>().FindByCardAsync(card, CancellationToken.None))!;

    /// <summary>A reader's tokens the way an H5 page gets them: bound first, then WeChat OAuth.</summary>
    public static async Task<TokenPair> ReaderTokensAsync(this ApiFactory api, string card, string openId)
    {
        await api.BindWeChatAsync(card, openId);
        var tokens = (await api.SignInWithWeChatAsync(openId))["tokens"]!;
        return new TokenPair((string)tokens["accessToken"]!, (string)tokens["refreshToken"]!);
    }

    /// <summary>
    /// A bound reader's tokens as the service's own sign-in starts their session once WeChat has named them, without the
    /// OAuth round trips <see cref="ReaderTokensAsync"/> goes through: for fixtures that need many readers.
    /// </summary>
    public static async Task<TokenPair> ReaderSessionAsync(this ApiFactory api, string card, string openId)
    {
        await api.BindWeChatAsync(card, openId);
        var tokens = await api.Services.GetRequiredService<ReaderSignIn>().StartAsync(await api.PatronAsync(card), openId, CancellationToken.None);
        return new TokenPair(tokens.ShouldNotBeNull().AccessToken, tokens.RefreshToken);
    }

    /// <summary>Binds the reader's card to the openid, as a PIN binding does; any reader, restricted or expired too.</summary>
    public static async Task BindWeChatAsync(this ApiFactory api, string card, string openId)
    {
        var patron = await api.PatronAsync(card);
        await api.Services.GetRequiredService<IBindingStore>().LinkAsync(patron.Id, openId, BindingRoute.Pin,
            new AuditEntry(AuditEntry.System, "binding.create", card), CancellationToken.None);
    }

    /// <summary>A binding ticket for an openid not bound yet, from <c>POST /api/v1/auth/wechat</c>.</summary>
    public static async Task<string> BindingTicketAsync(this ApiFactory api, string openId)
    {
        var body = await api.SignInWithWeChatAsync(openId);
        ((bool)body["bound"]!).ShouldBeFalse();
        return (string)body["bindingTicket"]!;
    }

    /// <summary>The H5 pages' WeChat sign-in for the openid, as <see cref="PostWeChatCodeAsync"/> does it; it must succeed.</summary>
    public static async Task<JsonObject> SignInWithWeChatAsync(this ApiFactory api, string openId)
    {
        var answer = await api.PostWeChatCodeAsync(api.Fakes.WeChat.IssueOAuthCode(openId));
        return (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>
    /// The H5 pages' WeChat sign-in as a browser in WeChat goes through it: the start sets a state cookie and sends the
    /// browser to WeChat, which returns with a code and the state; the page posts both, with the cookie.
    /// </summary>
    public static async Task<HttpResponseMessage> PostWeChatCodeAsync(this ApiFactory api, string code)
    {
        // Served on a real port, a plain client of its own; in memory, the factory's (the in-memory server's handler).
        var served = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        using var browser = served is { Count: > 0 }
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(served.First()) }
            : api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var start = await browser.GetAsync(Url("/api/v1/auth/wechat/start"));
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var state = QueryHelpers.ParseQuery(start.Headers.Location!.Query)["state"].ToString();
        var cookie = start.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("wl_signin_state=", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/auth/wechat")) { Content = JsonContent.Create(new { code, state }) };
        request.Headers.Add("Cookie", cookie);
        return await browser.SendAsync(request);
    }

    public static async Task<TokenPair> StaffTokensAsync(this ApiFactory api, string username, params StaffRole[] roles)
    {
        var created = await api.Services.GetRequiredService<CreateStaffAccount>().HandleAsync(
            new StaffAccountRequest(username, username, StaffPassword, roles), "system", CancellationToken.None);
        created.ShouldBeOfType<CreateStaffResult.Created>();
        var answer = await api.CreateClient().PostAsJsonAsync(new Uri("/api/v1/auth/staff/login", UriKind.Relative),
            new { username, password = StaffPassword });
        var tokens = (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!;
        return new TokenPair((string)tokens["accessToken"]!, (string)tokens["refreshToken"]!);
    }

    public static HttpClient ClientWith(this ApiFactory api, string? accessToken)
    {
        var client = api.CreateClient();
        if (accessToken is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static async Task<string?> ProblemTypeAsync(this HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["type"]
            : null;

    public static Uri Url(string path) => new(path, UriKind.Relative);
}

internal sealed record TokenPair(string AccessToken, string RefreshToken);
