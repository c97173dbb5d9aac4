using System.Globalization;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Overdue;

/// <summary>
/// Where a page of the follow-up list ended: the last loan's due date and id, as the list is ordered. It carries the
/// date itself, so that a loan renewed between two pages cannot move the cursor and end the list early.
/// </summary>
public sealed record OverdueCursor(DateOnly DueOn, long LoanId)
{
    public static OverdueCursor After(OverdueLoan loan) => new(loan.DueOn, loan.LoanId);

    public override string ToString() => $"{IsoDate.Format(DueOn)}.{LoanId.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string text, out OverdueCursor? cursor)
    {
        cursor = null;
        var parts = text.Split('.');
        if (parts.Length != 2
            || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dueOn)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var loanId))
            return false;
        cursor = new OverdueCursor(dueOn, loanId);
        return true;
    }
}
