namespace WeChatLib.Domain.Seats;

/// <summary>A seat: its code (what its QR code carries), attributes and place on the zone's floor view.</summary>
public sealed record Seat(long Id, long ZoneId, string Code, bool HasPower, bool HasLamp, bool ByWindow, bool Enabled, int? MapRow, int? MapColumn);
