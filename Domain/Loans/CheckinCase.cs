using WeChatLib.Domain.Holds;

namespace WeChatLib.Domain.Loans;

/// <summary>An item scanned for check-in, with its open loan (null when it has none) and what routing it needs.</summary>
public sealed record CheckinCase(DeskItem Item, Loan? OpenLoan, RoutableItem Routing);
