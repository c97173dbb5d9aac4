using System.Text.RegularExpressions;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Announcements;

/// <summary>
/// Sends the announcement as readers will get it to the staff member's own WeChat, through WeChat's mass-send preview
/// (which counts against no reader's monthly cap). The staff member names their openid once.
/// </summary>
public sealed partial class PreviewAnnouncement(IAnnouncements announcements, IMassPreview preview)
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

    /// <summary>The staff member's own WeChat for previews (null clears it).</summary>
    public async Task<bool> SetRecipientAsync(long staffId, string? openId, CancellationToken cancellationToken)
    {
        openId = string.IsNullOrWhiteSpace(openId) ? null : openId.Trim();
        if (openId is not null && !OpenIdPattern().IsMatch(openId))
            return false;
        await announcements.SetPreviewRecipientAsync(staffId, openId,
            new AuditEntry(AuditEntry.Staff(staffId), "announcement.preview-recipient", $"staff:{staffId}"), cancellationToken);
        return true;
    }

    [GeneratedRegex("^[0-9A-Za-z_-]{6,64}$")]
    private static partial Regex OpenIdPattern();
}

/// <summary>WeChat's mass-send preview: null when WeChat took it, else why not.</summary>
public interface IMassPreview
{
    Task<string?> PreviewAsync(string openId, string text, CancellationToken cancellationToken);
}

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
