using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Auth;

/// <summary>
/// A reader's session, tied to the WeChat account and the standing it was started with: it ends at once on an unbind,
/// a new binding or a restriction, and every refresh checks that both still hold.
/// </summary>
public sealed class ReaderSignIn(TokenIssuer tokens, RefreshTokens refreshTokens, CheckReaderSession check, LibraryClock clock)
{
    /// <summary>Tokens for the reader; null when the binding changed while the session was being started.</summary>
    public async Task<TokenResponse?> StartAsync(Patron patron, string openId, CancellationToken cancellationToken)
    {
        var standing = patron.StandingOn(clock.Today);
        var subject = Principal.PatronSubject(patron.Id);
        var family = await refreshTokens.StartFamilyAsync(subject, new ReaderSessionStart(openId, standing));
        // Listed first, checked second: an unbind racing this sign-in either finds the session or is seen by the check.
        if (!await check.HandleAsync(patron.Id, openId, standing, cancellationToken))
        {
            await refreshTokens.RevokeFamilyAsync(family);
            return null;
        }
        return await tokens.IssueAsync(subject, [Principal.ReaderRole], family);
    }

    /// <summary>New tokens in the session, or null (and the session ended) when its binding or standing no longer holds.</summary>
    public async Task<TokenResponse?> ContinueAsync(long patronId, RefreshResult.Valid session, CancellationToken cancellationToken)
    {
        if (session.Reader is { } start && await check.HandleAsync(patronId, start.OpenId, start.StartedWith, cancellationToken))
            return await tokens.IssueAsync(session.Subject, [Principal.ReaderRole], session.Family);
        await refreshTokens.RevokeFamilyAsync(session.Family);
        return null;
    }
}
