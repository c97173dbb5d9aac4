namespace WeChatLib.Domain.Readers;

/// <summary>Binds a WeChat account to the library card of whoever signed in to the campus single sign-on.</summary>
public sealed class BindByCampusLogin(ICampusLogin campusLogin, IPatronStore patrons, BindingCompletion completion)
{
    public async Task<BindResult> HandleAsync(string openId, string ticket, string service, CancellationToken cancellationToken)
    {
        var login = await campusLogin.ValidateAsync(ticket, service, cancellationToken);
        if (login.CardNumber is null)
            return new BindResult.CampusLoginFailed(login.Failure ?? "unknown");

        var patron = await patrons.FindByCardAsync(login.CardNumber, cancellationToken);
        return patron is null
            ? new BindResult.NoCardForCampusUser()
            : await completion.CompleteAsync(patron, openId, BindingRoute.Cas, cancellationToken);
    }
}
