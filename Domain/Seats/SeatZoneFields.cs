using System.Text.RegularExpressions;

namespace WeChatLib.Domain.Seats;

/// <summary>A zone's fields as staff send them: null leaves a field as it is (or, for a new zone, takes the default).</summary>
public sealed partial record SeatZoneFields(
    string? Code = null, string? Name = null, string? NameEn = null, string? Floor = null, string? Kind = null, bool? Enabled = null,
    TimeOnly? BookingOpensAt = null, bool? OpensDayBefore = null, int? MinMinutes = null, int? MaxMinutes = null, int? DailyMaxMinutes = null,
    int? DefaultMinutes = null, int? CheckinOpensMinutes = null, int? CheckinClosesMinutes = null, int? LeaveMinutes = null,
    int? MealLeaveMinutes = null)
{
    public static readonly IReadOnlyList<string> Kinds = ["quiet", "computers", "reading"];

    /// <summary>What is wrong with the fields, by field name; for a new zone the names it needs must be there.</summary>
    public IReadOnlyDictionary<string, string> Problems(bool creating)
    {
        var problems = new Dictionary<string, string>();
        if (creating)
        {
            foreach (var (name, value) in new[] { ("code", Code), ("name", Name), ("nameEn", NameEn), ("floor", Floor), ("kind", Kind) })
                if (string.IsNullOrWhiteSpace(value))
                    problems[name] = "is required";
        }
        if (Code is not null && !ZoneCode().IsMatch(Code))
            problems["code"] = "must be 1–32 of a-z, 0-9 and -";
        if (Kind is not null && !Kinds.Contains(Kind))
            problems["kind"] = "must be quiet, computers or reading";
        foreach (var (name, value) in new[] { ("name", Name), ("nameEn", NameEn), ("floor", Floor) })
            if (value is not null && value.Trim().Length == 0)
                problems[name] = "must not be empty";
        Range(problems, "minMinutes", MinMinutes, 15, 960);
        Range(problems, "maxMinutes", MaxMinutes, 15, 960);
        Range(problems, "dailyMaxMinutes", DailyMaxMinutes, 15, 1440);
        Range(problems, "defaultMinutes", DefaultMinutes, 15, 960);
        Range(problems, "checkinOpensMinutes", CheckinOpensMinutes, 0, 120);
        Range(problems, "checkinClosesMinutes", CheckinClosesMinutes, 5, 120);
        Range(problems, "leaveMinutes", LeaveMinutes, 5, 240);
        Range(problems, "mealLeaveMinutes", MealLeaveMinutes, 5, 240);
        return problems;
    }

    private static void Range(Dictionary<string, string> problems, string name, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
            problems[name] = $"must be between {min} and {max}";
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex ZoneCode();
}

/// <summary>A seat's fields as staff send them: null leaves a field as it is.</summary>
public sealed partial record SeatFields(
    string? Code = null, bool? HasPower = null, bool? HasLamp = null, bool? ByWindow = null, bool? Enabled = null, int? MapRow = null,
    int? MapColumn = null, long? ZoneId = null)
{
    /// <summary>The fields as stored: the code upper-case, so "case-01" and "CASE-01" are one seat (a scan reads either).</summary>
    public SeatFields Normalised() => this with { Code = Code?.Trim().ToUpperInvariant() };

    public IReadOnlyDictionary<string, string> Problems(bool creating)
    {
        var problems = new Dictionary<string, string>();
        if (creating && string.IsNullOrWhiteSpace(Code))
            problems["code"] = "is required";
        else if (Code is not null && !SeatCode().IsMatch(Code))
            problems["code"] = "must be 1–32 of A-Z, a-z, 0-9 and -";
        if (MapRow is < 0 or > 1000)
            problems["mapRow"] = "must be between 0 and 1000";
        if (MapColumn is < 0 or > 1000)
            problems["mapColumn"] = "must be between 0 and 1000";
        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex SeatCode();
}
