using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class ProblemDetailsTests
{
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartApi()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString)
        {
            ConfigureServices = services => services.AddSingleton<IStartupFilter>(new ExtraEndpoints(endpoints =>
            {
                endpoints.MapGet("/api/v1/boom", string () => throw new InvalidOperationException("connection to 10.0.0.7 refused, password=hunter2"));
                endpoints.MapGet("/wechat/boom", string () => throw new InvalidOperationException("webhook failure"));
            })),
        };
        _client = _api.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    [TestCase("GET", "/api/v1/branches/atlantis", 404, "/problems/not-found")]
    [TestCase("GET", "/api/v1/no-such-resource", 404, "/problems/not-found")]
    [TestCase("DELETE", "/api/v1/branches", 405, "/problems/method-not-allowed")]
    [TestCase("GET", "/api/v1/boom", 500, "/problems/internal")]
    public async Task Errors_under_api_are_problem_details_with_a_stable_type(string method, string path, int status, string type)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        ((string?)problem!["type"]).ShouldBe(type);
        ((int?)problem["status"]).ShouldBe(status);
        ((string?)problem["title"]).ShouldNotBeNullOrWhiteSpace();
    }

    [Test]
    public async Task An_unhandled_exception_reveals_no_internals_and_carries_a_request_id()
    {
        var response = await _client.GetAsync(new Uri("/api/v1/boom", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        body.ShouldNotContain("10.0.0.7");
        body.ShouldNotContain("hunter2");
        body.ShouldNotContain("InvalidOperationException");
        response.Headers.GetValues("X-Request-Id").ShouldHaveSingleItem().ShouldNotBeNullOrEmpty();
    }

    [Test]
    public async Task Every_problem_type_resolves_to_a_page_that_explains_it()
    {
        var problem = await (await _client.GetAsync(new Uri("/api/v1/branches/atlantis", UriKind.Relative))).Content.ReadFromJsonAsync<JsonObject>();

        var page = await _client.GetStringAsync(new Uri((string)problem!["type"]!, UriKind.Relative));

        page.ShouldContain("not-found");
        page.ShouldContain("未找到");
    }

    [Test]
    public async Task Paths_outside_the_api_never_answer_with_problem_details()
    {
        var missing = await _client.GetAsync(new Uri("/wechat/nothing-here", UriKind.Relative));

        var failing = await _client.GetAsync(new Uri("/wechat/boom", UriKind.Relative));

        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).ShouldBeEmpty();
        failing.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await failing.Content.ReadAsStringAsync()).ShouldBeEmpty();
    }
}
