using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class OpenApiTests
{
    private const string Regenerate = "scripts/update-openapi.sh";
    private static readonly string CommittedPath = Path.Combine(TestServices.RepositoryRoot, "openapi.yaml");

    [Test]
    public async Task Openapi_yaml_is_the_document_the_service_serves()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        var served = await ServedYaml(api);

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(CommittedPath, served);

        Normalize(await File.ReadAllTextAsync(CommittedPath)).ShouldBe(Normalize(served),
            $"openapi.yaml differs from the document the service serves. Regenerate it with `{Regenerate}` and commit it.");
    }

    [Test]
    public async Task The_json_document_and_the_swagger_ui_are_served()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        var client = api.CreateClient();

        var json = await client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));
        var ui = await client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));

        json.ShouldContain("\"/api/v1/branches\"");
        ui.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task An_endpoint_added_without_regenerating_openapi_yaml_is_caught()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString)
        {
            ConfigureServices = services => services.AddSingleton<IStartupFilter>(new ExtraEndpoints(
                endpoints => endpoints.MapGet("/api/v1/undocumented", () => TypedResults.Ok("new"))))
        };

        var served = await ServedYaml(api);

        served.ShouldContain("/api/v1/undocumented");
        Normalize(await File.ReadAllTextAsync(CommittedPath)).ShouldNotBe(Normalize(served));
    }

    [Test]
    public async Task Every_auth_and_staff_operation_documents_its_problem_responses_and_security()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        var document = System.Text.Json.Nodes.JsonNode.Parse(await api.CreateClient().GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;

        var operations = document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/v1/auth", StringComparison.Ordinal) || p.Key.StartsWith("/api/v1/staff", StringComparison.Ordinal)
                || p.Key.StartsWith("/api/v1/me", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(o => (Name: $"{o.Key.ToUpperInvariant()} {p.Key}", Operation: o.Value!)))
            .ToList();

        operations.Count.ShouldBeGreaterThan(10);
        foreach (var (name, operation) in operations)
        {
            var problems = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('4') && r.Value!["content"]?["application/problem+json"] is not null);
            problems.ShouldNotBeEmpty($"{name} documents no problem response");
            var open = name.Contains("/auth/", StringComparison.Ordinal) && !name.EndsWith("/logout", StringComparison.Ordinal);
            (operation["security"] is not null).ShouldBe(!open, $"{name} {(open ? "needs no" : "needs a")} bearer token");
        }
    }

    [Test]
    public async Task The_wechat_sign_in_documents_code_and_state_as_required_and_the_refusal_of_a_request_without_state()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        var client = api.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var code = TestHost.Fakes.WeChat.IssueOAuthCode("oOpenApi000000000000000000001");

        // The validating client checks that the refusal is a documented problem answer.
        var withoutState = await client.PostAsJsonAsync(new Uri("/api/v1/auth/wechat", UriKind.Relative), new { code });

        var request = document["components"]!["schemas"]!["WeChatSignInRequest"]!;
        request["required"]!.AsArray().Select(n => (string?)n).Order(StringComparer.Ordinal).ShouldBe(["code", "state"]);
        foreach (var member in new[] { "code", "state" })
            ((bool?)request["properties"]![member]!["nullable"] ?? false).ShouldBeFalse($"{member} is documented as nullable");
        withoutState.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await withoutState.ProblemTypeAsync()).ShouldBe("/problems/oauth-state-invalid");
    }

    private static async Task<string> ServedYaml(ApiFactory api) =>
        await api.CreateClient().GetStringAsync(new Uri("/swagger/v1/swagger.yaml", UriKind.Relative));

    private static string Normalize(string yaml) => yaml.ReplaceLineEndings("\n").TrimEnd();
}
