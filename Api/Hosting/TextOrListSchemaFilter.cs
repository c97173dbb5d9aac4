using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WeChatLib.Api.Hosting;

/// <summary>Documents a <see cref="TextOrListAttribute"/> member as what it takes: a string, an array of strings, or null.</summary>
internal sealed class TextOrListSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { } properties })
            return;
        foreach (var member in context.Type.GetProperties().Where(p => p.IsDefined(typeof(TextOrListAttribute))))
        {
            var name = member.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? member.Name;
            if (!properties.TryGetValue(name, out var documented))
                continue;
            properties[name] = new OpenApiSchema
            {
                Description = documented.Description,
                Type = JsonSchemaType.Null,
                OneOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.String },
                    new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                ],
            };
        }
    }
}
