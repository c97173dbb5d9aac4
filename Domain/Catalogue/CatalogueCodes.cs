namespace WeChatLib.Domain.Catalogue;

/// <summary>The codes that name item statuses in import files, the database and the API (e.g. <c>on_hold_shelf</c>).</summary>
public static class CatalogueCodes
{
    private static readonly Dictionary<ItemStatus, string> Statuses = new()
    {
        [ItemStatus.Available] = "available",
        [ItemStatus.OnLoan] = "on_loan",
        [ItemStatus.InTransit] = "in_transit",
        [ItemStatus.OnHoldShelf] = "on_hold_shelf",
        [ItemStatus.Lost] = "lost",
        [ItemStatus.Withdrawn] = "withdrawn",
    };

    public static IReadOnlyCollection<string> StatusCodes => Statuses.Values;

    public static string Code(this ItemStatus status) => Statuses[status];

    public static bool TryParseStatus(string? code, out ItemStatus status)
    {
        var normalized = code?.Trim().ToLowerInvariant();
        foreach (var (candidate, candidateCode) in Statuses)
        {
            if (candidateCode == normalized)
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
