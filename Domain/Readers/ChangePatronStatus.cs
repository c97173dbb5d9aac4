using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// Staff restrict a patron (with a reason, shown to them), or make them active or expired. A restriction or an expiry
/// ends the patron's sessions at once; their next action is refused by the reader gate.
/// </summary>
public sealed class ChangePatronStatus(IPatronStore patrons, IPatronSessions sessions)
{
    public async Task<StatusChangeResult> HandleAsync(string cardNumber, string? status, string? reason, string actor, CancellationToken cancellationToken)
    {
        if (!PatronCodes.TryParseStatus(status, out var parsed))
            return new StatusChangeResult.Invalid("status must be active, restricted or expired.");
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!Patron.ReasonFits(parsed, reason))
            return new StatusChangeResult.Invalid("A reason is required for restricted, and only for restricted.");

        var audit = new AuditEntry(actor, "patron.status", cardNumber, new Dictionary<string, string?> { ["status"] = parsed.Code(), ["reason"] = reason });
        if (await patrons.SetStatusAsync(cardNumber, parsed, reason, audit, cancellationToken) is not { } patronId)
            return new StatusChangeResult.NoSuchPatron();
        if (parsed != PatronStatus.Active)
            await sessions.EndAllAsync([patronId], cancellationToken);
        return new StatusChangeResult.Changed();
    }
}

public abstract record StatusChangeResult
{
    private StatusChangeResult()
    {
    }

    public sealed record Changed : StatusChangeResult;

    public sealed record Invalid(string Problem) : StatusChangeResult;

    public sealed record NoSuchPatron : StatusChangeResult;
}
