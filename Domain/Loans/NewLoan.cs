namespace WeChatLib.Domain.Loans;

/// <summary>A loan about to open at the desk. <paramref name="FillsHold"/> is the reader's own ready hold it collects.</summary>
public sealed record NewLoan(long PatronId, long ItemId, DateOnly LoanedOn, DateOnly DueOn, DateTimeOffset CheckedOutAt, string Actor, long? FillsHold);
