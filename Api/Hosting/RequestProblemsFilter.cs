using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// Documents the problems the framework answers before a handler runs: 415 for a body of a type the operation does
/// not take, 400 for a body or a typed query value that cannot be read, and 503 (with Retry-After) for any operation
/// while Redis, which holds sessions and rate limits, is unreachable or too slow.
/// </summary>
internal sealed class RequestProblemsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var typedQuery = operation.Parameters?.Any(p => p.In == ParameterLocation.Query
            && p.Schema?.Type is { } type && !type.HasFlag(JsonSchemaType.String)) == true;
        if (operation.RequestBody is not null || typedQuery)
            Document(operation, context, StatusCodes.Status400BadRequest);
        if (operation.RequestBody is not null)
            Document(operation, context, StatusCodes.Status415UnsupportedMediaType);
        Document(operation, context, StatusCodes.Status503ServiceUnavailable);
    }

    private static void Document(OpenApiOperation operation, OperationFilterContext context, int status)
    {
        operation.Responses ??= [];
        operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = ReasonPhrases.GetReasonPhrase(status),
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType
                {
                    Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository),
                },
            },
        });
    }
}
