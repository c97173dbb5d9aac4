namespace WeChatLib.Domain.Notices;

/// <summary>Where notices are queued for sending. Stores that change the library's state enqueue in their own transaction.</summary>
public interface INoticeOutbox
{
    Task<EnqueueResult> EnqueueAsync(Notice notice, CancellationToken cancellationToken);
}

public enum EnqueueResult
{
    Queued,
    /// <summary>Queued, to be sent when quiet hours end.</summary>
    Held,
    /// <summary>A notice with this key exists already: nothing was added.</summary>
    Duplicate,
    /// <summary>The reader switched this kind off.</summary>
    OptedOut,
}
