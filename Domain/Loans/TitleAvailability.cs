namespace WeChatLib.Domain.Loans;

/// <summary>A title and where each of its copies is: on the shelf, out until a date, in transit, on the hold shelf…</summary>
public sealed record TitleAvailability(
    string Isbn, string Title, string Author, string Publisher, int? Year, string ClcClass, IReadOnlyList<CopyAvailability> Copies)
{
    /// <summary>Copies a reader could take from the shelf now.</summary>
    public int AvailableCount => Copies.Count(c => c.Status == "available");
}

/// <summary>One copy. <paramref name="DueOn"/> is set while it is on loan; who has it is never said.</summary>
public sealed record CopyAvailability(
    string Barcode, string BranchCode, string Location, string CallNumber, string ItemType, string Status, DateOnly? DueOn);
