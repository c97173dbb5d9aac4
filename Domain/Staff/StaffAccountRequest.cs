using System.Text.RegularExpressions;

namespace WeChatLib.Domain.Staff;

/// <summary>A new staff account as an admin (or the first-admin command) asks for it.</summary>
public sealed partial record StaffAccountRequest(string Username, string DisplayName, string Password, IReadOnlyList<StaffRole> Roles)
{
    public const int MinPasswordLength = 10;

    /// <summary>Field name → problem, empty when the request is acceptable.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (!UsernamePattern().IsMatch(Username ?? ""))
            problems["username"] = ["3 to 32 letters, digits, '.', '_' or '-'"];
        if (string.IsNullOrWhiteSpace(DisplayName))
            problems["displayName"] = ["required"];
        if ((Password ?? "").Length < MinPasswordLength)
            problems["password"] = [$"at least {MinPasswordLength} characters"];
        if (Roles is null || Roles.Count == 0)
            problems["roles"] = ["at least one role"];
        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{3,32}$")]
    private static partial Regex UsernamePattern();
}
