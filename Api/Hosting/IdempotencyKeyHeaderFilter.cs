using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WeChatLib.Api.Hosting;

/// <summary>Documents the optional <c>Idempotency-Key</c> header on the operations that accept it.</summary>
internal sealed class IdempotencyKeyHeaderFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentMarker>().Any())
            return;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyFilter.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Any unique string (e.g. a UUID) chosen by the client. A repeat with the same key within 24 hours gets "
                + "the first answer again, with the header Idempotent-Replayed: true, and changes nothing.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64, Pattern = "^[A-Za-z0-9_:.-]{1,64}$" },
        });
    }
}
