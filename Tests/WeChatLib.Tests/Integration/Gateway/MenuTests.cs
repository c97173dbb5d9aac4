using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WeChatLib.Api.WeChat;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Gateway;

internal sealed class MenuTests
{
    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

    [Test]
    public async Task An_admin_publishes_the_repository_s_menu_with_its_chinese_names_and_h5_links()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        var admin = api.ClientWith((await api.StaffTokensAsync("boss", StaffRole.Admin)).AccessToken);

        var preview = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/staff/menu", UriKind.Relative));
        var published = await admin.PostAsync(new Uri("/api/v1/staff/menu/publish", UriKind.Relative), null);

        preview!["problems"]!.AsArray().ShouldBeEmpty();
        published.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sent = WeChat.Accepted.Last(m => m.Kind == "menu").Body;
        sent.ShouldContain("我的借阅");
        sent.ShouldContain("https://lib.example.edu.cn/h5/hours");
        sent.ShouldNotContain("\\u");
        sent.ShouldNotContain("{PublicBaseUrl}");
    }

    [Test]
    public void A_menu_breaking_wechat_s_limits_or_naming_an_unrouted_key_is_explained()
    {
        var menu = JsonNode.Parse("""
            {"button": [
              {"name": "图书馆借阅服务", "sub_button": [
                {"type": "click", "name": "我的借阅", "key": "MY_LOANS"},
                {"type": "click", "name": "不存在", "key": "NO_SUCH_ACTION"},
                {"type": "view", "name": "链接", "url": "ftp://x"}]},
              {"type": "click", "name": "b", "key": "HELP"},
              {"type": "click", "name": "c", "key": "HELP"},
              {"type": "click", "name": "d", "key": "HELP"}]}
            """)!.AsObject();

        var problems = WeChatMenu.Problems(menu);

        problems.ShouldContain(p => p.Contains("4 top-level buttons", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("'图书馆借阅服务': top-level names are 1 to 16 bytes", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("no action handles the key 'NO_SUCH_ACTION'", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("'链接': view buttons need an absolute http(s) URL", StringComparison.Ordinal));
    }
}
