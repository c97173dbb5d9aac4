using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Readers;

/// <summary>Binds a WeChat account to a library card proven by card number and PIN, within the attempt limits.</summary>
public sealed class BindByPin(IPatronStore patrons, ISecretHasher hasher, IPinAttempts attempts, BindingCompletion completion, IAuditLog audit)
{
    // Verified against when the card is unknown or has no PIN, so that neither costs less time than a wrong PIN.
    private readonly Lazy<string> _decoyHash = new(() => hasher.Hash("decoy-pin-never-matches"));

    public async Task<BindResult> HandleAsync(string openId, string cardNumber, string pin, CancellationToken cancellationToken)
    {
        cardNumber = cardNumber.Trim();
        // Counted before the PIN is checked: parallel guesses each take a place below the limit, or are refused.
        var reservation = await attempts.ReserveAsync(cardNumber, openId, cancellationToken);
        if (reservation is AttemptReservation.Refused refused)
            return new BindResult.LockedOut(refused.RetryAfter);
        var reserved = (AttemptReservation.Reserved)reservation;

        var patron = await patrons.FindByCardAsync(cardNumber, cancellationToken);
        // An unknown card and a card without a PIN answer as a wrong PIN does: whether a card exists is nobody's business.
        // The hash is checked in every case.
        var matches = await hasher.VerifyAsync(patron?.PinHash ?? _decoyHash.Value, pin, cancellationToken);
        if (patron?.PinHash is null || !matches)
            return await FailAsync(cardNumber, reserved, cancellationToken);

        await attempts.RefundAsync(cardNumber, openId, cancellationToken);
        return await completion.CompleteAsync(patron!, openId, BindingRoute.Pin, cancellationToken);
    }

    private async Task<BindResult> FailAsync(string cardNumber, AttemptReservation.Reserved reserved, CancellationToken cancellationToken)
    {
        if (reserved.AttemptsLeft > 0)
            return new BindResult.WrongCredentials(reserved.AttemptsLeft);
        // Only the attempt that reached the limit gets here, so a lockout is audited once.
        await audit.RecordAsync(new AuditEntry(AuditEntry.System, "binding.pin-lockout", cardNumber), cancellationToken);
        return new BindResult.LockedOut(reserved.LockedFor);
    }
}
