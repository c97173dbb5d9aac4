namespace WeChatLib.Domain.Loans;

/// <summary>
/// An item as the circulation desk scans it. <paramref name="Status"/> is the holdings code: <c>available</c>,
/// <c>on_loan</c>, <c>in_transit</c>, <c>on_hold_shelf</c>, <c>lost</c> or <c>withdrawn</c>.
/// </summary>
public sealed record DeskItem(
    long Id,
    string Barcode,
    string Title,
    string Author,
    string CallNumber,
    string BranchCode,
    string ItemType,
    string Status)
{
    public const string Available = "available";
    public const string OnLoan = "on_loan";
    public const string OnHoldShelf = "on_hold_shelf";
    public const string InTransit = "in_transit";
    public const string Lost = "lost";
    public const string Withdrawn = "withdrawn";
}
