namespace WeChatLib.Domain.Loans;

/// <summary>A loan with the item and title a reader recognises it by. Dates are the library's.</summary>
public sealed record Loan(
    long Id,
    long PatronId,
    string Barcode,
    string Title,
    string Author,
    string CallNumber,
    string BranchCode,
    string ItemType,
    DateOnly LoanedOn,
    DateOnly DueOn,
    int RenewalCount,
    bool Recalled,
    DateTimeOffset? ReturnedAt)
{
    public bool Returned => ReturnedAt is not null;

    /// <summary>Days until due; negative when overdue.</summary>
    public int DaysLeft(DateOnly today) => DueOn.DayNumber - today.DayNumber;

    public RenewableLoan ForRenewal => new(Id, PatronId, ItemType, DueOn, RenewalCount, Returned, Recalled);
}
