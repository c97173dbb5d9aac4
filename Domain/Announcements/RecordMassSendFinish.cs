namespace WeChatLib.Domain.Announcements;

/// <summary>MASSSENDJOBFINISH: WeChat's totals for one mass message, kept against the batch that sent it.</summary>
public sealed class RecordMassSendFinish(IAnnouncements announcements)
{
    public Task<bool> HandleAsync(long msgId, MassSendTotals totals, CancellationToken cancellationToken) =>
        announcements.RecordFinishAsync(msgId, totals with { Status = totals.Status.Trim() }, cancellationToken);
}
