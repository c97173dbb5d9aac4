using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Seats;

/// <summary>
/// How many seat requests one reader may make a minute, counted across every instance: a person books a seat in a few
/// tries, a seat-grabbing script in hundreds. Counted before any transaction opens, so a script costs the database
/// nothing; by the reader as the request names them (their WeChat account in the chat, their card's id over REST).
/// </summary>
public interface ISeatRequestLimit
{
    /// <summary>Counts one request; null when it may go ahead, otherwise how long until the reader may ask again.</summary>
    Task<TimeSpan?> TakeAsync(ReaderRef reader, CancellationToken cancellationToken);
}
