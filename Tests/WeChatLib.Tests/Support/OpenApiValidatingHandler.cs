using System.Net.Http.Headers;

namespace WeChatLib.Tests.Support;

/// <summary>
/// Checks every exchange of a test client with the service against openapi.yaml and throws on any departure, so that
/// a test whose request or answer the document does not describe fails where it made the call.
/// </summary>
internal sealed class OpenApiValidatingHandler(OpenApiContract contract, bool expectsServerErrors = false) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] requestBody = [];
        if (request.Content is { } content)
        {
            // Read once here and sent as the same bytes: some contents (streams) can be read only once.
            requestBody = await content.ReadAsByteArrayAsync(cancellationToken);
            var copy = new ByteArrayContent(requestBody);
            foreach (var header in content.Headers.Where(h => h.Key != "Content-Length"))
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            request.Content = copy;
        }

        var response = await base.SendAsync(request, cancellationToken);
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        if (expectsServerErrors && response.StatusCode == System.Net.HttpStatusCode.InternalServerError)
            return response;
        var uri = request.RequestUri!;
        var violations = contract.Check(new ApiExchange(
            request.Method.Method, uri.AbsolutePath, uri.Query, MediaType(request.Content?.Headers.ContentType), requestBody,
            (int)response.StatusCode, MediaType(response.Content.Headers.ContentType), responseBody, request.Headers.Authorization?.ToString()));
        if (violations.Count > 0)
        {
            response.Dispose();
            throw new OpenApiViolationException(violations);
        }
        return response;
    }

    private static string? MediaType(MediaTypeHeaderValue? contentType) => contentType?.ToString();
}
