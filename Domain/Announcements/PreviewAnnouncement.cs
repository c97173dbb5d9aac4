using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Announcements;

/// <summary>
/// Sends the announcement as readers will get it to the staff member's own WeChat, through WeChat's mass-send preview
/// (which counts against no reader's monthly cap). Where a preview goes is the server's record, never a request's word:
/// the staff member pairs their WeChat once by sending a short-lived code, issued to their signed-in account, to the
/// account's chat, and WeChat's signed message names the openid.
/// </summary>
public sealed class PreviewAnnouncement(IAnnouncements announcements, IMassPreview preview, IPreviewPairings pairings)
{
    public async Task<PreviewOutcome> HandleAsync(long id, long staffId, CancellationToken cancellationToken)
    {
        if (await announcements.FindAsync(id, cancellationToken) is not { } announcement)
            return new PreviewOutcome.NotFound();
        if (await announcements.PreviewRecipientAsync(staffId, cancellationToken) is not { } openId)
            return new PreviewOutcome.NoRecipient();
        var failure = await preview.PreviewAsync(openId, AnnouncementRules.Text(announcement), cancellationToken);
        return failure is null ? new PreviewOutcome.Sent() : new PreviewOutcome.WeChatRefused(failure);
    }

    /// <summary>A code for the signed-in staff member to send from their own WeChat; a newer one replaces it.</summary>
    public Task<PreviewPairingCode> IssueCodeAsync(long staffId, CancellationToken cancellationToken) => pairings.IssueAsync(staffId, cancellationToken);

    /// <summary>
    /// The chat's half: <paramref name="openId"/> (from WeChat's signed message) sent <paramref name="code"/>. A code works
    /// once; guesses are counted per openid before they are checked.
    /// </summary>
    public async Task<PairingOutcome> PairAsync(string openId, string code, CancellationToken cancellationToken)
    {
        if (await pairings.ReserveAsync(openId, cancellationToken) is AttemptReservation.Refused refused)
            return new PairingOutcome.TooManyAttempts(refused.RetryAfter);
        if (await pairings.RedeemAsync(code.Trim(), cancellationToken) is not { } staffId)
            return new PairingOutcome.UnknownCode();
        await pairings.RefundAsync(openId, cancellationToken);
        await announcements.SetPreviewRecipientAsync(staffId, openId,
            new AuditEntry(AuditEntry.Staff(staffId), "announcement.preview-recipient", AuditEntry.Staff(staffId),
                new Dictionary<string, string?> { ["paired"] = "wechat" }), cancellationToken);
        return new PairingOutcome.Paired();
    }

    /// <summary>Previews go nowhere until the staff member pairs a WeChat again.</summary>
    public Task ForgetRecipientAsync(long staffId, CancellationToken cancellationToken) =>
        announcements.SetPreviewRecipientAsync(staffId, null,
            new AuditEntry(AuditEntry.Staff(staffId), "announcement.preview-recipient", AuditEntry.Staff(staffId),
                new Dictionary<string, string?> { ["paired"] = "none" }), cancellationToken);
}

/// <summary>WeChat's mass-send preview: null when WeChat took it, else why not.</summary>
public interface IMassPreview
{
    Task<string?> PreviewAsync(string openId, string text, CancellationToken cancellationToken);
}

/// <summary>Short-lived pairing codes, each naming the staff account it was issued to, and the guesses made at them per openid.</summary>
public interface IPreviewPairings
{
    Task<PreviewPairingCode> IssueAsync(long staffId, CancellationToken cancellationToken);

    /// <summary>The staff account the code was issued to, the code spent; null when no live code is it.</summary>
    Task<long?> RedeemAsync(string code, CancellationToken cancellationToken);

    Task<AttemptReservation> ReserveAsync(string openId, CancellationToken cancellationToken);

    Task RefundAsync(string openId, CancellationToken cancellationToken);
}

/// <summary>A pairing code and when it stops working.</summary>
public sealed record PreviewPairingCode(string Code, DateTimeOffset ExpiresAt);

public abstract record PreviewOutcome
{
    private PreviewOutcome()
    {
    }

    public sealed record Sent : PreviewOutcome;

    public sealed record NotFound : PreviewOutcome;

    public sealed record NoRecipient : PreviewOutcome;

    public sealed record WeChatRefused(string Reason) : PreviewOutcome;
}

public abstract record PairingOutcome
{
    private PairingOutcome()
    {
    }

    public sealed record Paired : PairingOutcome;

    public sealed record UnknownCode : PairingOutcome;

    public sealed record TooManyAttempts(TimeSpan RetryAfter) : PairingOutcome;
}
