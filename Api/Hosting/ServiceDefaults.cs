using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.WeChat;

namespace WeChatLib.Api.Hosting;

public static class ServiceDefaults
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PublicUrlOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublicUrlOptions>, PublicUrlOptionsValidator>();
        services.AddOptions<JwtOptions>().Bind(builder.Configuration.GetSection(JwtOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();

        services.AddOptions<RequestLoggingOptions>().Bind(builder.Configuration.GetSection(RequestLoggingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RequestLoggingOptions>, RequestLoggingOptionsValidator>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTypes.Customize);
        services.AddExceptionHandler<UnhandledExceptionHandler>();

        services.AddForwardedHeaders(builder.Configuration);
        services.AddAuth(builder.Configuration);
        services.AddSingleton<Binding.BindingLinks>();
        services.AddWeChatActions();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "WeChatLib API",
                Version = "v1",
                Description = "REST API of the library's WeChat service account, used by its H5 pages and staff tools.",
            });
            o.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "WeChatLib.Api.xml"));
            // The document says what the wire carries: `string?` and `TokenResponse?` may be null, nothing else may.
            o.SupportNonNullableReferenceTypes();
            o.UseAllOfToExtendReferenceSchemas();
            o.MapType<JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object });
            o.SchemaFilter<ProblemDetailsSchemaFilter>();
            o.SchemaFilter<WeChatMenuSchemaFilter>();
            o.SchemaFilter<TextOrListSchemaFilter>();
            o.OperationFilter<CsvUploadFilter>();
            o.OperationFilter<RequestProblemsFilter>();
            o.OperationFilter<IdempotencyKeyHeaderFilter>();
            o.DocumentFilter<WireShapeFilter>();
            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from /api/v1/auth/*.",
            });
            o.OperationFilter<BearerRequirementFilter>();
        });
        return builder;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        // First: everything after it (logs, rate limits) sees the reader's address, not the proxy's.
        app.UseConfiguredForwardedHeaders();
        // Set as the response starts, so that it survives the exception handler clearing the headers.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler();
        // Only the REST API speaks ProblemDetails; the WeChat webhook answers in WeChat's own terms.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseIdempotencyKeys();
        if (Disclosure.ServesOpenApi(app.Configuration, app.Environment))
        {
            app.UseSwagger();
            app.UseSwaggerUI(o => o.SwaggerEndpoint("/swagger/v1/swagger.json", "WeChatLib API v1"));
        }
        return app;
    }
}
