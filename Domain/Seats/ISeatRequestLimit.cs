namespace WeChatLib.Domain.Seats;

/// <summary>
/// How many seat requests one reader may make a minute, counted across every instance, from the chat and REST alike:
/// a person books a seat in a few tries, a seat-grabbing script in hundreds.
/// </summary>
public interface ISeatRequestLimit
{
    /// <summary>Counts one request; null when it may go ahead, otherwise how long until the reader may ask again.</summary>
    Task<TimeSpan?> TakeAsync(long patronId, CancellationToken cancellationToken);
}
