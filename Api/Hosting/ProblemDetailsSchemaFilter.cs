using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using WeChatLib.Api.Errors;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// Every problem under <c>/api</c> carries its type, title and status (<see cref="ProblemTypes"/> sees to it), so the
/// document promises them; detail and extension members vary.
/// </summary>
internal sealed class ProblemDetailsSchemaFilter : ISchemaFilter
{
    private static readonly string[] AlwaysSent = ["type", "title", "status"];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(ProblemDetails) || schema is not OpenApiSchema { Properties: { } properties } problem)
            return;
        foreach (var name in AlwaysSent)
        {
            if (properties[name] is OpenApiSchema property)
                property.Type &= ~JsonSchemaType.Null;
        }
        problem.Required = new SortedSet<string>(AlwaysSent, StringComparer.Ordinal);
    }
}
