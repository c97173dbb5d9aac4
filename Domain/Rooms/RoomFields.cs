using System.Text.RegularExpressions;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// A room's fields as staff send them: null leaves a field as it is (or, for a new room, takes the default). An empty
/// <paramref name="PatronGroups"/> opens the room to every group; an empty <paramref name="PhotoUrl"/> removes the photo.
/// </summary>
public sealed partial record RoomFields(
    string? Code = null, string? Name = null, string? NameEn = null, string? Floor = null, string? Kind = null, int? Capacity = null,
    int? MinGroup = null, bool? HasScreen = null, bool? HasWhiteboard = null, bool? HasVideo = null, string? PhotoUrl = null,
    bool? NeedsApproval = null, IReadOnlyList<string>? PatronGroups = null, bool? Enabled = null)
{
    public static readonly IReadOnlyList<string> Kinds = ["study", "discussion", "seminar", "media"];

    /// <summary>What is wrong with the fields, by field name; a new room needs its code, names and capacity.</summary>
    public IReadOnlyDictionary<string, string> Problems(bool creating)
    {
        var problems = new Dictionary<string, string>();
        if (creating)
        {
            foreach (var (name, value) in new[] { ("code", Code), ("name", Name), ("nameEn", NameEn) })
                if (string.IsNullOrWhiteSpace(value))
                    problems[name] = "is required";
            if (Capacity is null)
                problems["capacity"] = "is required";
        }
        if (Code is not null && !RoomCode().IsMatch(Code))
            problems["code"] = "must be 1–32 of A-Z, a-z, 0-9 and -";
        if (Kind is not null && !Kinds.Contains(Kind))
            problems["kind"] = "must be study, discussion, seminar or media";
        foreach (var (name, value) in new[] { ("name", Name), ("nameEn", NameEn) })
            if (value is not null && value.Trim().Length == 0)
                problems[name] = "must not be empty";
        if (Capacity is < 1 or > 200)
            problems["capacity"] = "must be between 1 and 200";
        if (MinGroup is < 1 or > 200)
            problems["minGroup"] = "must be between 1 and 200";
        else if (MinGroup is { } min && Capacity is { } capacity && min > capacity)
            problems["minGroup"] = "must not exceed the capacity";
        if (PhotoUrl is { Length: > 0 } url && (url.Length > 500 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            problems["photoUrl"] = "must be an http(s) URL of at most 500 characters";
        if (PatronGroups?.FirstOrDefault(g => !PatronCodes.TryParseGroup(g, out _)) is { } unknown)
            problems["patronGroups"] = $"'{unknown}' is not a patron group ({string.Join(", ", PatronCodes.GroupCodes)})";
        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex RoomCode();
}

public abstract record RoomSetup
{
    private RoomSetup()
    {
    }

    public sealed record Saved(long Id) : RoomSetup;

    /// <summary>What is wrong, by field.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Problems) : RoomSetup;

    public sealed record Conflict(string Detail) : RoomSetup;

    public sealed record NotFound : RoomSetup;
}
