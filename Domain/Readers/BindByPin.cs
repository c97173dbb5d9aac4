using WeChatLib.Domain.Common;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Readers;

/// <summary>Binds a WeChat account to a library card proven by card number and PIN, within the attempt limits.</summary>
public sealed class BindByPin(IPatronStore patrons, ISecretHasher hasher, IPinAttempts attempts, BindingCompletion completion, IAuditLog audit)
{
    // Verified against when the card is unknown, so that a wrong card costs the same time as a wrong PIN.
    private readonly Lazy<string> _decoyHash = new(() => hasher.Hash("decoy-pin-never-matches"));

    public async Task<BindResult> HandleAsync(string openId, string cardNumber, string pin, CancellationToken cancellationToken)
    {
        cardNumber = cardNumber.Trim();
        if (await attempts.LockedForAsync(cardNumber, openId, cancellationToken) is { } lockedFor)
            return new BindResult.LockedOut(lockedFor);

        var patron = await patrons.FindByCardAsync(cardNumber, cancellationToken);
        if (patron is { PinHash: null })
            return new BindResult.NoPin();
        // Non-short-circuit "|": the hash is checked even for an unknown card.
        if (patron is null | !hasher.Verify(patron?.PinHash ?? _decoyHash.Value, pin))
            return await FailAsync(cardNumber, openId, cancellationToken);

        await attempts.ClearAsync(cardNumber, openId, cancellationToken);
        return await completion.CompleteAsync(patron!, openId, BindingRoute.Pin, cancellationToken);
    }

    private async Task<BindResult> FailAsync(string cardNumber, string openId, CancellationToken cancellationToken)
    {
        var left = await attempts.RecordFailureAsync(cardNumber, openId, cancellationToken);
        if (left > 0)
            return new BindResult.WrongCredentials(left);

        await audit.RecordAsync(new AuditEntry(AuditEntry.System, "binding.pin-lockout", cardNumber), cancellationToken);
        return new BindResult.LockedOut(await attempts.LockedForAsync(cardNumber, openId, cancellationToken) ?? TimeSpan.Zero);
    }
}
