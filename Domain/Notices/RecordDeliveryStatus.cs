namespace WeChatLib.Domain.Notices;

/// <summary>WeChat's report on a template message (TEMPLATESENDJOBFINISH): delivered, blocked by the reader, or failed.</summary>
public sealed class RecordDeliveryStatus(INoticeDeliveries deliveries)
{
    public Task<bool> HandleAsync(long weChatMsgId, string status, CancellationToken cancellationToken) =>
        deliveries.RecordStatusAsync(weChatMsgId, status.Trim(), cancellationToken);
}

public interface INoticeDeliveries
{
    /// <summary>False when no sent notice has that msgid.</summary>
    Task<bool> RecordStatusAsync(long weChatMsgId, string status, CancellationToken cancellationToken);
}
