namespace WeChatLib.Domain.Seats;

/// <summary>A study zone on one floor of a branch, with its own booking rules.</summary>
/// <param name="Kind"><c>quiet</c>, <c>computers</c> or <c>reading</c>.</param>
public sealed record SeatZone(
    long Id, short BranchId, string BranchCode, string Code, string Name, string NameEn, string Floor, string Kind, bool Enabled, SeatZoneRules Rules);
