using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WeChatLib.Fakes;

/// <summary>
/// A campus CAS server under <c>/cas</c>: login redirects back with a service ticket, and <c>serviceValidate</c>
/// (CAS 2.0) and <c>p3/serviceValidate</c> (CAS 3.0) check it once, for the service it was issued to.
/// </summary>
public sealed class FakeCas
{
    /// <summary>Who is signed in to the campus login unless a <c>fake_cas_user</c> cookie says otherwise.</summary>
    public const string DefaultUser = "20230001";
    private const string UserCookie = "fake_cas_user";

    private readonly ConcurrentDictionary<string, (string User, string Service)> _tickets = new();

    /// <summary>A service ticket for <paramref name="user"/>, valid once, for exactly <paramref name="service"/>.</summary>
    public string IssueTicket(string user, string service)
    {
        var ticket = "ST-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + "-fake-cas";
        _tickets[ticket] = (user, service);
        return ticket;
    }

    internal void Map(WebApplication app)
    {
        app.MapGet("/cas/login", (HttpRequest request, string? service) =>
        {
            if (string.IsNullOrEmpty(service))
                return Results.Text("service is required", statusCode: 400);
            var user = request.Cookies[UserCookie] is { Length: > 0 } chosen ? chosen : DefaultUser;
            var separator = service.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            return Results.Redirect($"{service}{separator}ticket={IssueTicket(user, service)}");
        });
        app.MapGet("/cas/serviceValidate", (string? service, string? ticket) => Validate(service, ticket, attributes: false));
        app.MapGet("/cas/p3/serviceValidate", (string? service, string? ticket) => Validate(service, ticket, attributes: true));
        app.MapGet("/_fake/cas-user", (HttpResponse response, string user) =>
        {
            response.Cookies.Append(UserCookie, user, new CookieOptions { Path = "/", HttpOnly = true });
            return Results.Text($"The fake campus login is now signed in as {user}.\n");
        });
    }

    private IResult Validate(string? service, string? ticket, bool attributes)
    {
        if (ticket is null || !_tickets.TryRemove(ticket, out var issued))
            return Xml(Failure("INVALID_TICKET", $"Ticket {ticket} not recognized"));
        if (issued.Service != service)
            return Xml(Failure("INVALID_SERVICE", "Ticket was issued for another service"));
        var user = SecurityElement.Escape(issued.User);
        var extra = attributes ? $"<cas:attributes><cas:cardNumber>{user}</cas:cardNumber></cas:attributes>" : "";
        return Xml($"<cas:authenticationSuccess><cas:user>{user}</cas:user>{extra}</cas:authenticationSuccess>");
    }

    private static string Failure(string code, string message) =>
        $"<cas:authenticationFailure code=\"{code}\">{SecurityElement.Escape(message)}</cas:authenticationFailure>";

    private static IResult Xml(string body) => Results.Text(
        $"<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">{body}</cas:serviceResponse>", "application/xml; charset=utf-8");
}
