using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// The shapes as they travel. An answer carries every member of its type, nulls included, so each member is required
/// in a type only answers use. A request may carry members the service does not know (they are ignored), so a type
/// only requests use admits them.
/// </summary>
internal sealed class WireShapeFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        if (swaggerDoc.Components?.Schemas is not { } components)
            return;
        var inRequests = new HashSet<string>(StringComparer.Ordinal);
        var inResponses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? [])
                Collect(media.Schema, components, inRequests);
            foreach (var media in (operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(r => r.Content?.Values.AsEnumerable() ?? []))
                Collect(media.Schema, components, inResponses);
        }

        foreach (var (id, schema) in components)
        {
            if (schema is not OpenApiSchema { Properties.Count: > 0 } type)
                continue;
            // ProblemDetails leaves out members it has no value for; its own filter says which it always has.
            if (inResponses.Contains(id) && !inRequests.Contains(id) && id != nameof(ProblemDetails))
                type.Required = new SortedSet<string>(type.Properties.Keys, StringComparer.Ordinal);
            if (inRequests.Contains(id) && !inResponses.Contains(id))
            {
                type.AdditionalPropertiesAllowed = true;
                type.AdditionalProperties = null;
            }
        }
    }

    private static void Collect(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> components, HashSet<string> seen)
    {
        if (schema is null)
            return;
        if (schema is OpenApiSchemaReference reference)
        {
            if (reference.Reference.Id is { } id && seen.Add(id) && components.TryGetValue(id, out var target))
                Collect(target, components, seen);
            return;
        }
        var children = (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? [])
            .Append(schema.Items).Append(schema.AdditionalProperties).Append(schema.Not);
        foreach (var child in children)
            Collect(child, components, seen);
    }
}
