namespace WeChatLib.Domain.Loans;

/// <summary>How <see cref="RenewFrom"/> is spelled in the database and the API: <c>today</c> or <c>due_date</c>.</summary>
public static class LoanPolicyCodes
{
    public static string Code(this RenewFrom renewFrom) => renewFrom == RenewFrom.DueDate ? "due_date" : "today";

    public static bool TryParseRenewFrom(string? code, out RenewFrom renewFrom)
    {
        switch (code?.Trim().ToLowerInvariant())
        {
            case "today":
                renewFrom = RenewFrom.Today;
                return true;
            case "due_date":
                renewFrom = RenewFrom.DueDate;
                return true;
            default:
                renewFrom = default;
                return false;
        }
    }
}
