using WeChatLib.Api.Errors;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Auth;

/// <summary>
/// Puts every reader action behind <see cref="ReaderGate"/>: the patron named by the token is read afresh, and a
/// restricted or expired reader is refused whatever the token says. The handler finds the patron with <see cref="Reader"/>.
/// </summary>
public sealed class ReaderGateFilter(ReaderGate gate) : IEndpointFilter
{
    private const string PatronItem = "reader-gate:patron";

    public static Patron Reader(HttpContext context) =>
        context.Items[PatronItem] as Patron ?? throw new InvalidOperationException("The endpoint is not behind the reader gate.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.PatronId() is not { } patronId)
            return ProblemTypes.Problem("forbidden", "Only readers can do this.");

        switch (await gate.CheckAsync(patronId, http.RequestAborted))
        {
            case ReaderAccess.Allowed allowed:
                http.Items[PatronItem] = allowed.Patron;
                return await next(context);
            case ReaderAccess.Restricted restricted:
                return ProblemTypes.Problem("reader-restricted", restricted.Reason);
            case ReaderAccess.Expired:
                return ProblemTypes.Problem("reader-expired");
            default:
                return ProblemTypes.Problem("invalid-token");
        }
    }
}
