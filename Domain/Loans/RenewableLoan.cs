namespace WeChatLib.Domain.Loans;

/// <summary>The loan as the renewal rules see it.</summary>
public sealed record RenewableLoan(
    long LoanId,
    long BorrowerId,
    string ItemType,
    DateOnly DueDate,
    int RenewalsUsed,
    bool Returned,
    bool Recalled);
