using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// Whether a reader's session still holds: the card is still bound to the WeChat account that signed in, and its
/// standing is no worse than when the session started (a restricted reader may keep reading, not regain more).
/// </summary>
public sealed class CheckReaderSession(IBindingStore bindings, IPatronStore patrons, LibraryClock clock)
{
    public async Task<bool> HandleAsync(long patronId, string openId, Standing startedWith, CancellationToken cancellationToken)
    {
        var binding = await bindings.FindByPatronAsync(patronId, cancellationToken);
        if (binding is null || !string.Equals(binding.OpenId, openId, StringComparison.Ordinal))
            return false;
        var patron = await patrons.FindAsync(patronId, cancellationToken);
        return patron is not null && patron.StandingOn(clock.Today) <= startedWith;
    }
}
