using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// Describes a CSV upload as what it is, UTF-8 text with a header row naming the same fields as the JSON items that
/// the endpoint also accepts (left alone, the document would describe the CSV as the JSON array).
/// </summary>
internal sealed class CsvUploadFilter : IOperationFilter
{
    public const string MediaType = "text/csv";
    public const string PlainText = "text/plain";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody?.Content is not { } content || !content.ContainsKey(MediaType))
            return;
        var item = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>()
            .Select(a => a.RequestType?.GetElementType()).FirstOrDefault(t => t is not null);
        var columns = (item?.GetProperties() ?? []).Select(p => (
            Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name,
            Required: p.IsDefined(typeof(RequiredAttribute)))).ToList();
        var required = string.Join(", ", columns.Where(c => c.Required).Select(c => c.Name));
        var optional = string.Join(", ", columns.Where(c => !c.Required).Select(c => c.Name));
        // An upload that also takes plain text takes it one value a line, without a header.
        if (content.ContainsKey(PlainText))
        {
            content[PlainText] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "UTF-8 text, one value a line, without a header." },
            };
        }
        content[MediaType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = $"UTF-8 text (RFC 4180) with a header row. Columns: {required}"
                    + (optional.Length > 0 ? $"; optionally {optional}." : "."),
            },
        };
    }
}
