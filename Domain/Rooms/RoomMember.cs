namespace WeChatLib.Domain.Rooms;

/// <summary>
/// One person of a booking's group: the organiser (confirmed from the start) or a companion named by card number
/// (<c>invited</c>, then <c>confirmed</c> or <c>declined</c>). <paramref name="Holds"/> while they are the organiser or
/// have confirmed and the booking is live.
/// </summary>
public sealed record RoomMember(long PatronId, string CardNumber, string Name, string Role, string Status, DateTimeOffset? RespondedAt, bool Holds)
{
    public const string Organiser = "organiser";
    public const string Companion = "companion";
    public const string Invited = "invited";
    public const string Confirmed = "confirmed";
    public const string Declined = "declined";

    public bool IsOrganiser => Role == Organiser;
}
