namespace WeChatLib.Domain.Readers;

/// <summary>
/// The codes that name groups, statuses and languages in import files, the database and the API
/// (e.g. <c>family_member</c>), so that each is spelled in one place.
/// </summary>
public static class PatronCodes
{
    private static readonly Dictionary<PatronGroup, string> Groups = new()
    {
        [PatronGroup.Undergraduate] = "undergraduate",
        [PatronGroup.Graduate] = "graduate",
        [PatronGroup.Faculty] = "faculty",
        [PatronGroup.Staff] = "staff",
        [PatronGroup.Alumni] = "alumni",
        [PatronGroup.FamilyMember] = "family_member",
        [PatronGroup.Admitted] = "admitted",
    };

    public static IReadOnlyCollection<string> GroupCodes => Groups.Values;

    public static string Code(this PatronGroup group) => Groups[group];

    public static string Code(this PatronStatus status) => status.ToString().ToLowerInvariant();

    public static string Code(this Language language) => language.ToString().ToLowerInvariant();

    public static bool TryParseGroup(string? code, out PatronGroup group)
    {
        var normalized = code?.Trim().ToLowerInvariant();
        foreach (var (candidate, candidateCode) in Groups)
        {
            if (candidateCode == normalized)
            {
                group = candidate;
                return true;
            }
        }
        group = default;
        return false;
    }

    public static bool TryParseStatus(string? code, out PatronStatus status) => TryParseEnum(code, out status);

    public static bool TryParseLanguage(string? code, out Language language) => TryParseEnum(code, out language);

    public static PatronGroup ParseGroup(string code) =>
        TryParseGroup(code, out var group) ? group : throw new ArgumentException($"Unknown patron group '{code}'.", nameof(code));

    public static PatronStatus ParseStatus(string code) =>
        TryParseStatus(code, out var status) ? status : throw new ArgumentException($"Unknown patron status '{code}'.", nameof(code));

    public static Language ParseLanguage(string code) =>
        TryParseLanguage(code, out var language) ? language : throw new ArgumentException($"Unknown language '{code}'.", nameof(code));

    private static bool TryParseEnum<T>(string? code, out T value) where T : struct, Enum =>
        Enum.TryParse(code?.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(code, out _);
}
