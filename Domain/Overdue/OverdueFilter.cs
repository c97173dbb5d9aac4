using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Overdue;

/// <summary>
/// Which overdue loans a calling session works through. Days overdue count calendar days after the due date in the
/// library's time zone (due yesterday: 1).
/// </summary>
/// <param name="MinDaysOverdue">At least this many days overdue (1 or more).</param>
/// <param name="MaxDaysOverdue">At most this many; null for no upper bound.</param>
/// <param name="Group">The borrower's patron group; null for all.</param>
/// <param name="College">The borrower's college, exactly as the library records it; null for all.</param>
/// <param name="Branch">The code of the item's home branch; null for all.</param>
/// <param name="FollowUpDue">Only loans never contacted, or whose last contact's follow-up date has come.</param>
public sealed record OverdueFilter(int MinDaysOverdue, int? MaxDaysOverdue, PatronGroup? Group, string? College, string? Branch, bool FollowUpDue);
