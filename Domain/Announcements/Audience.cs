namespace WeChatLib.Domain.Announcements;

/// <summary>
/// Whom an announcement is for. <see cref="Values"/> names the groups (<c>undergraduate</c> …), campuses, branch codes
/// or card numbers for the kinds that take them, and is empty for the others.
/// </summary>
public sealed record Audience(AudienceKind Kind, IReadOnlyList<string> Values)
{
    public static Audience AllFollowers { get; } = new(AudienceKind.AllFollowers, []);
}

public enum AudienceKind
{
    /// <summary>Everyone who follows the account, bound or not.</summary>
    AllFollowers,

    /// <summary>Bound readers of the named patron groups.</summary>
    PatronGroups,

    /// <summary>Bound readers of the named campuses.</summary>
    Campus,

    /// <summary>Bound readers with a current loan from, or a seat booking today at, one of the named branches.</summary>
    Branch,

    /// <summary>Bound readers with at least one current loan.</summary>
    ActiveLoans,

    /// <summary>Bound readers with a live seat booking today.</summary>
    SeatBookingsToday,

    /// <summary>Bound readers with the listed card numbers (an uploaded list).</summary>
    Cards,
}
