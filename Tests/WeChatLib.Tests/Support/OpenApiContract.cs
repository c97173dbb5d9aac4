using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;

namespace WeChatLib.Tests.Support;

/// <summary>
/// openapi.yaml as a contract that each exchange with the service under <c>/api</c> is checked against: the operation
/// is documented, the status is one it lists, and the content type and body are the ones it describes. A request
/// outside the document may be refused with a documented error; accepting it means the document under-describes what
/// the service takes.
/// </summary>
internal sealed partial class OpenApiContract
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private static readonly Lazy<OpenApiContract> CommittedDocument =
        new(() => FromYaml(File.ReadAllText(Path.Combine(TestServices.RepositoryRoot, "openapi.yaml"))));

    private readonly JsonObject _document;
    private readonly JsonObject _definitions;
    private readonly List<(Regex Pattern, int Templated, string Template)> _paths;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();
    // JSON Schema evaluation is not documented as thread-safe, and tests send up to 40 requests at once.
    private readonly Lock _evaluation = new();

    private OpenApiContract(JsonObject document)
    {
        _document = document;
        _definitions = new JsonObject(((document["components"]?["schemas"] as JsonObject) ?? [])
            .Select(s => KeyValuePair.Create(s.Key, ToJsonSchema(s.Value))));
        _paths = [.. ((document["paths"] as JsonObject) ?? []).Select(p => (PathPattern(p.Key), p.Key.Count(c => c == '{'), p.Key))
            .OrderBy(p => p.Item2)];
    }

    /// <summary>The committed openapi.yaml (a test checks that it is the document the service serves).</summary>
    public static OpenApiContract Committed => CommittedDocument.Value;

    public static OpenApiContract FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new OpenApiContract(YamlConverter.ToJsonNode(stream.Documents[0]).AsObject());
    }

    /// <summary>Every way the exchange departs from the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(ApiExchange exchange)
    {
        var path = exchange.Path.Length > 1 ? exchange.Path.TrimEnd('/') : exchange.Path;
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
            return [];
        var name = $"{exchange.Method} {path} → {exchange.Status}";

        // An undocumented path or method is fine as long as the service refuses it.
        if (_paths.Select(p => (p.Template, Match: p.Pattern.Match(path))).FirstOrDefault(p => p.Match.Success) is not { Match: not null } found)
            return exchange.Status >= 400 ? [] : [$"{name}: the document has no such path, yet the service answered it"];
        var pathItem = _document["paths"]![found.Template]!.AsObject();
        if (pathItem[exchange.Method.ToLowerInvariant()] is not JsonObject operation)
            return exchange.Status >= 400 ? [] : [$"{name}: the document has no {exchange.Method} on {found.Template}, yet the service answered it"];

        var problems = CheckResponse(operation, exchange).Select(p => $"{name}: {p}").ToList();
        // An operation the document secures must not answer a caller without a token.
        var secured = (operation["security"] ?? _document["security"]) is JsonArray { Count: > 0 } requirements
            && !requirements.Any(r => r is JsonObject { Count: 0 });
        if (secured && exchange.Status < 400 && exchange.Authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) != true)
            problems.Add($"{name}: the document requires a bearer token, yet the service answered a request without one");
        if (exchange.Status < 400)
        {
            problems.AddRange(CheckRequest(pathItem, operation, found.Match, exchange)
                .Select(p => $"{name}: the service accepted a request the document does not describe: {p}"));
        }
        return problems;
    }

    private IEnumerable<string> CheckRequest(JsonObject pathItem, JsonObject operation, Match path, ApiExchange exchange)
    {
        var query = QueryHelpers.ParseQuery(exchange.Query);
        var parameters = ((pathItem["parameters"] as JsonArray) ?? []).Concat((operation["parameters"] as JsonArray) ?? []).OfType<JsonObject>();
        foreach (var parameter in parameters)
        {
            var (name, location) = ((string)parameter["name"]!, (string)parameter["in"]!);
            string? value = location switch
            {
                "path" => Uri.UnescapeDataString(path.Groups[name].Value),
                "query" when query.TryGetValue(name, out var values) => values.ToString(),
                _ => null,
            };
            if (value is null)
            {
                if (parameter["required"]?.GetValue<bool>() == true && location is "path" or "query")
                    yield return $"the {location} parameter '{name}' is required";
                continue;
            }
            if (parameter["schema"] is JsonObject schema)
            {
                foreach (var error in Validate(schema, Parameter(value, schema)))
                    yield return $"the {location} parameter '{name}' ('{value}'): {error}";
            }
        }

        // An operation that takes no body never reads one, so a body sent anyway changes nothing.
        if (operation["requestBody"] is not JsonObject body)
            yield break;
        if (exchange.RequestBody.Length == 0)
        {
            if (body["required"]?.GetValue<bool>() == true)
                yield return "the body is required, yet none was sent";
            yield break;
        }
        foreach (var problem in CheckContent(body["content"] as JsonObject, exchange.RequestContentType, exchange.RequestBody))
            yield return $"request body: {problem}";
    }

    private IEnumerable<string> CheckResponse(JsonObject operation, ApiExchange exchange)
    {
        var responses = operation["responses"]!.AsObject();
        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        var response = responses[status] ?? responses[$"{status[0]}XX"] ?? responses["default"];
        if (response is null)
            return [$"the status is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))}); body {Excerpt(exchange.ResponseBody)}"];
        if (response["content"] is not JsonObject { Count: > 0 } content)
            return exchange.ResponseBody.Length == 0 ? [] : [$"documented without a body, yet {exchange.ResponseContentType} was sent: {Excerpt(exchange.ResponseBody)}"];
        if (exchange.ResponseBody.Length == 0)
            return [$"documented with a body ({string.Join(", ", content.Select(c => c.Key))}), yet none was sent"];
        return CheckContent(content, exchange.ResponseContentType, exchange.ResponseBody).Select(p => $"response body: {p}");
    }

    private IEnumerable<string> CheckContent(JsonObject? content, string? contentType, byte[] body)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        var documented = content?.FirstOrDefault(c => MediaTypeMatches(c.Key, mediaType)).Value as JsonObject;
        if (documented is null)
        {
            yield return $"the content type '{mediaType}' is not documented (documented: {string.Join(", ", content?.Select(c => c.Key) ?? [])})";
            yield break;
        }
        if (documented["schema"] is not JsonObject schema)
            yield break;

        JsonNode? instance;
        string? unreadable = null;
        if (IsJson(mediaType))
        {
            try
            {
                instance = JsonNode.Parse(body);
            }
            catch (JsonException e)
            {
                instance = null;
                unreadable = $"not JSON ({e.Message})";
            }
        }
        else
        {
            instance = JsonValue.Create(Encoding.UTF8.GetString(body));
        }
        if (unreadable is not null)
        {
            yield return unreadable;
            yield break;
        }
        var errors = Validate(schema, instance);
        foreach (var error in errors)
            yield return $"{error}; body {Excerpt(body)}";
    }

    private IReadOnlyList<string> Validate(JsonObject openApiSchema, JsonNode? instance)
    {
        var text = openApiSchema.ToJsonString();
        var schema = _schemas.GetOrAdd(text, _ =>
        {
            var root = ToJsonSchema(openApiSchema)!.AsObject();
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            root["$defs"] = _definitions.DeepClone();
            return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        });
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        EvaluationResults results;
        lock (_evaluation)
            results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid)
            return [];
        return [.. (results.Details ?? []).Where(d => !d.IsValid && d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}' ({d.EvaluationPath}) {e.Key}: {e.Value}"))
            .DefaultIfEmpty("does not match the schema")];
    }

    /// <summary>
    /// An OpenAPI 3.0 schema as a JSON Schema 2020-12 one: <c>nullable</c> becomes a <c>null</c> type, and references
    /// point at <c>$defs</c>.
    /// </summary>
    internal static JsonNode? ToJsonSchema(JsonNode? node)
    {
        if (node is JsonArray array)
            return new JsonArray([.. array.Select(ToJsonSchema)]);
        if (node is not JsonObject source)
            return node?.DeepClone();

        var schema = new JsonObject();
        foreach (var (key, value) in source)
        {
            schema[key] = key switch
            {
                "$ref" => ((string)value!).Replace(ComponentsPrefix, "#/$defs/", StringComparison.Ordinal),
                "properties" => new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, ToJsonSchema(p.Value)))),
                "items" or "additionalProperties" or "not" or "allOf" or "anyOf" or "oneOf" => ToJsonSchema(value),
                _ => value?.DeepClone(),
            };
        }
        if (schema.Remove("nullable", out var nullable) && nullable?.GetValue<bool>() == true)
        {
            if (schema["type"] is JsonValue type)
            {
                schema["type"] = new JsonArray((string)type!, "null");
                if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
                    values.Add(null);
            }
            else
            {
                return new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, schema) };
            }
        }
        return schema;
    }

    // A query or path value is text; it is read as the number or boolean the schema asks for, as the service reads it.
    private static JsonValue Parameter(string value, JsonObject schema) => (string?)schema["type"] switch
    {
        "integer" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        "number" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        "boolean" when bool.TryParse(value, out var flag) => JsonValue.Create(flag),
        _ => JsonValue.Create(value),
    };

    private static bool MediaTypeMatches(string documented, string actual) =>
        documented == actual || documented == "*/*"
        || (documented.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(documented[..^1], StringComparison.Ordinal));

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static Regex PathPattern(string template) =>
        new("^" + TemplateParameter().Replace(Regex.Escape(template), m => $"(?<{m.Groups[1].Value}>[^/]+)") + "$", RegexOptions.CultureInvariant);

    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 300 ? $"'{text}'" : $"'{text[..300]}…'";
    }

    [GeneratedRegex(@"\\\{(\w+)}")]
    private static partial Regex TemplateParameter();
}

/// <summary>One request to the service and its answer, as the client saw them.</summary>
internal sealed record ApiExchange(
    string Method, string Path, string Query, string? RequestContentType, byte[] RequestBody,
    int Status, string? ResponseContentType, byte[] ResponseBody, string? Authorization = null);
