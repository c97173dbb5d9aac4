namespace WeChatLib.Domain.Loans;

/// <summary>An item scanned for check-in, with its open loan (null when it has none).</summary>
public sealed record CheckinCase(DeskItem Item, Loan? OpenLoan);
