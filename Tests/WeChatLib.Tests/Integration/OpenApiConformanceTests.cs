using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration;

/// <summary>
/// The service answers as openapi.yaml says. Every test client checks its exchanges (see <see cref="ApiFactory"/>);
/// these tests show that the check catches what it must, and cover the calls a validating proxy once found broken.
/// </summary>
internal sealed class OpenApiConformanceTests
{
    // A small document with the shapes the service uses: a nullable reference, a 204, a problem, a CSV body.
    private const string Sample = """
        openapi: 3.0.4
        info: { title: sample, version: v1 }
        paths:
          /api/v1/things/{id}:
            get:
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer, format: int64 } }
                - { name: limit, in: query, schema: { type: integer, format: int32 } }
              responses:
                '200':
                  description: OK
                  content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } }
                '404':
                  description: Not Found
                  content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
            delete:
              security: [ { Bearer: [ ] } ]
              responses: { '204': { description: No Content }, '401': { description: Unauthorized } }
          /api/v1/things/import:
            post:
              requestBody:
                required: true
                content:
                  application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Thing' } } }
              responses:
                '200': { description: OK }
                '400':
                  description: Bad Request
                  content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } }
        components:
          securitySchemes:
            Bearer: { type: http, scheme: bearer }
          schemas:
            Thing:
              type: object
              required: [name, owner]
              properties:
                name: { type: string }
                owner:
                  nullable: true
                  allOf: [ { $ref: '#/components/schemas/Owner' } ]
                at: { type: string, format: date-time }
              additionalProperties: false
            Owner:
              type: object
              required: [card]
              properties: { card: { type: string } }
              additionalProperties: false
            Problem:
              type: object
              properties: { type: { type: string, nullable: true }, status: { type: integer, nullable: true } }
              additionalProperties: { }
        """;

    private static readonly OpenApiContract Contract = OpenApiContract.FromYaml(Sample);

    [Test]
    public void A_body_that_matches_the_document_passes_including_a_null_where_it_is_nullable()
    {
        Check("GET", "/api/v1/things/7", 200, """{"name":"a","owner":null}""").ShouldBeEmpty();
        Check("GET", "/api/v1/things/7?limit=5", 200, """{"name":"a","owner":{"card":"S1"},"at":"2026-11-25T08:00:00+08:00"}""").ShouldBeEmpty();
        Check("DELETE", "/api/v1/things/7", 204, null, authorization: "Bearer abc").ShouldBeEmpty();
    }

    [TestCase("""{"name":null,"owner":null}""", "name")]
    [TestCase("""{"name":"a"}""", "owner")]
    [TestCase("""{"name":"a","owner":{}}""", "card")]
    [TestCase("""{"name":"a","owner":null,"extra":1}""", "extra")]
    [TestCase("""{"name":"a","owner":null,"at":"yesterday"}""", "date-time")]
    [TestCase("""[{"name":"a","owner":null}]""", "object")]
    public void A_body_the_document_does_not_describe_is_a_violation(string body, string named)
    {
        var violations = Check("GET", "/api/v1/things/7", 200, body);

        violations.ShouldNotBeEmpty();
        violations.ShouldContain(v => v.Contains(named, StringComparison.Ordinal));
    }

    [Test]
    public void An_undocumented_status_content_type_or_body_is_a_violation()
    {
        Check("GET", "/api/v1/things/7", 500, """{"type":"/problems/internal"}""", "application/problem+json")
            .ShouldHaveSingleItem().ShouldContain("status is not documented");
        Check("GET", "/api/v1/things/7", 200, "name=a", "text/plain").ShouldHaveSingleItem().ShouldContain("'text/plain' is not documented");
        Check("GET", "/api/v1/things/7", 200, null).ShouldHaveSingleItem().ShouldContain("yet none was sent");
        Check("DELETE", "/api/v1/things/7", 204, "{}", authorization: "Bearer abc").ShouldHaveSingleItem().ShouldContain("documented without a body");
    }

    [Test]
    public void A_secured_operation_answered_without_a_token_is_a_violation()
    {
        Check("DELETE", "/api/v1/things/7", 204, null).ShouldHaveSingleItem().ShouldContain("requires a bearer token");
        Check("DELETE", "/api/v1/things/7", 401, null).ShouldBeEmpty();
    }

    [Test]
    public void Paths_and_methods_the_document_lacks_may_only_be_refused()
    {
        Check("GET", "/api/v1/nothing", 404, """{"status":404}""", "application/problem+json").ShouldBeEmpty();
        Check("PUT", "/api/v1/things/7", 405, """{"status":405}""", "application/problem+json").ShouldBeEmpty();
        Check("GET", "/api/v1/nothing", 200, "{}").ShouldHaveSingleItem().ShouldContain("no such path");
        Check("PUT", "/api/v1/things/7", 200, null).ShouldHaveSingleItem().ShouldContain("no PUT");
        Check("GET", "/health/ready", 200, "anything", "text/plain").ShouldBeEmpty();
    }

    [Test]
    public void A_request_outside_the_document_may_be_refused_but_not_accepted()
    {
        var csv = new ApiExchange("POST", "/api/v1/things/import", "", "text/csv", Encoding.UTF8.GetBytes("name\na\n"), 200, null, []);
        var refused = csv with { Status = 400, ResponseContentType = "application/problem+json", ResponseBody = Encoding.UTF8.GetBytes("""{"status":400}""") };

        Contract.Check(csv).ShouldHaveSingleItem().ShouldContain("accepted a request the document does not describe: request body: the content type 'text/csv'");
        Contract.Check(refused).ShouldBeEmpty();
        Check("GET", "/api/v1/things/seven", 200, """{"name":"a","owner":null}""").ShouldHaveSingleItem().ShouldContain("parameter 'id'");
        Check("GET", "/api/v1/things/7?limit=many", 200, """{"name":"a","owner":null}""").ShouldHaveSingleItem().ShouldContain("parameter 'limit'");
    }

    [Test]
    public async Task Openapi_yaml_is_a_valid_openapi_document()
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        await using var file = File.OpenRead(Path.Combine(TestServices.RepositoryRoot, "openapi.yaml"));

        var read = await OpenApiDocument.LoadAsync(file, "yaml", settings);

        read.Diagnostic!.Errors.ShouldBeEmpty();
        read.Diagnostic.SpecificationVersion.ShouldBe(OpenApiSpecVersion.OpenApi3_0);
    }

    [Test]
    public async Task A_test_client_fails_on_an_answer_the_document_does_not_describe()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString)
        {
            ConfigureServices = services => services.AddSingleton<IStartupFilter>(new WrongAnswers()),
        };
        var client = api.CreateClient();

        var wrongBody = await Should.ThrowAsync<OpenApiViolationException>(client.GetAsync(Url("/api/v1/branches")));
        var wrongStatus = await Should.ThrowAsync<OpenApiViolationException>(client.GetAsync(Url("/api/v1/branches/main")));
        var right = await client.GetAsync(Url("/api/v1/branches/east"));

        wrongBody.Violations.ShouldContain(v => v.StartsWith("GET /api/v1/branches → 200: response body: at '/0/code'", StringComparison.Ordinal));
        wrongStatus.Violations.ShouldHaveSingleItem().ShouldContain("GET /api/v1/branches/main → 418: the status is not documented");
        right.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_answers_a_validating_proxy_found_undocumented_match_the_document()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        await api.AddReadersAsync(Reader("S0001"));
        var circulation = api.ClientWith((await api.StaffTokensAsync("desk", StaffRole.Circulation)).AccessToken);
        var admin = api.ClientWith((await api.StaffTokensAsync("boss", StaffRole.Admin)).AccessToken);
        var csv = (string text) => new StringContent(text, Encoding.UTF8, "text/csv");

        // Each call throws if its request or answer is not as the document says.
        var unbound = await api.PostWeChatCodeAsync(TestHost.Fakes.WeChat.IssueOAuthCode("oConformance00000000000000001"));
        var patron = await circulation.GetAsync(Url("/api/v1/staff/patrons/S0001"));
        var menu = await admin.GetAsync(Url("/api/v1/staff/menu"));
        var patrons = await circulation.PostAsync(Url("/api/v1/staff/patrons/import"),
            csv("card_number,name,group,expires_on\r\nS0002,李四,graduate,2029-07-01\r\n"));
        var bindings = await admin.PostAsync(Url("/api/v1/staff/bindings/import"), csv("card_number,openid\r\nS0002,oConformance00000000000000002\r\n"));

        unbound.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await unbound.Content.ReadFromJsonAsync<JsonObject>())!["tokens"].ShouldBeNull();
        (await patron.Content.ReadFromJsonAsync<JsonObject>())!["profile"]!["binding"].ShouldBeNull();
        (await menu.Content.ReadFromJsonAsync<JsonObject>())!["menu"]!["button"].ShouldBeOfType<JsonArray>();
        patrons.StatusCode.ShouldBe(HttpStatusCode.OK);
        bindings.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_client_made_around_the_check_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);

        Should.Throw<InvalidOperationException>(() => api.CreateDefaultClient()).Message.ShouldContain("openapi.yaml");
    }

    private static IReadOnlyList<string> Check(
        string method, string pathAndQuery, int status, string? body, string contentType = "application/json", string? authorization = null)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return Contract.Check(new ApiExchange(
            method, query < 0 ? pathAndQuery : pathAndQuery[..query], query < 0 ? "" : pathAndQuery[query..], null, [],
            status, body is null ? null : contentType, body is null ? [] : Encoding.UTF8.GetBytes(body), authorization));
    }

    // Answers two documented operations wrongly, in front of the service: a branch code as a number, and a 418.
    private sealed class WrongAnswers : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == "/api/v1/branches")
                {
                    await context.Response.WriteAsJsonAsync(new[] { new { code = 1 } });
                    return;
                }
                if (context.Request.Path == "/api/v1/branches/main")
                {
                    context.Response.StatusCode = StatusCodes.Status418ImATeapot;
                    return;
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
