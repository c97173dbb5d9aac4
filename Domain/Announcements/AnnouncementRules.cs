using System.Globalization;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Announcements;

/// <summary>What a draft must be, how it reads in WeChat, and WeChat's monthly cap on mass messages per follower.</summary>
public static class AnnouncementRules
{
    public const int MaxTitleLength = 64;
    public const int MaxBodyLength = 600;
    public const int MaxLinkLength = 1024;
    public const int MaxValues = 10_000;

    /// <summary>A service account's follower receives at most this many mass messages (群发) a month.</summary>
    public const int MonthlyMassMessages = 4;

    private static readonly Dictionary<AnnouncementCategory, string> CategoryCodes = new()
    {
        [AnnouncementCategory.Notice] = "notice",
        [AnnouncementCategory.Closure] = "closure",
        [AnnouncementCategory.Event] = "event",
        [AnnouncementCategory.Resources] = "resources",
    };

    private static readonly Dictionary<AudienceKind, string> AudienceCodes = new()
    {
        [AudienceKind.AllFollowers] = "all_followers",
        [AudienceKind.PatronGroups] = "patron_groups",
        [AudienceKind.Campus] = "campus",
        [AudienceKind.Branch] = "branch",
        [AudienceKind.ActiveLoans] = "active_loans",
        [AudienceKind.SeatBookingsToday] = "seat_bookings_today",
        [AudienceKind.Cards] = "cards",
    };

    public static string Code(this AnnouncementCategory category) => CategoryCodes[category];

    public static string Code(this AudienceKind kind) => AudienceCodes[kind];

    public static string Code(this AnnouncementStatus status) => status.ToString().ToLowerInvariant();

    public static AnnouncementCategory ParseCategory(string code) => CategoryCodes.Single(c => c.Value == code).Key;

    public static AudienceKind ParseAudience(string code) => AudienceCodes.Single(c => c.Value == code).Key;

    public static AnnouncementStatus ParseStatus(string code) => Enum.Parse<AnnouncementStatus>(code, ignoreCase: true);

    public static IReadOnlyCollection<string> CategoryCodeList => CategoryCodes.Values;

    public static IReadOnlyCollection<string> AudienceCodeList => AudienceCodes.Values;

    /// <summary>The draft as staff wrote it, checked; problems by field when it cannot be kept.</summary>
    public static AnnouncementDraftCheck Check(AnnouncementRequest request)
    {
        var problems = new Dictionary<string, string[]>();
        var title = request.Title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitleLength)
            problems["title"] = [$"required, at most {MaxTitleLength} characters"];
        var body = request.Body?.Trim() ?? "";
        if (body.Length is 0 or > MaxBodyLength)
            problems["body"] = [$"required, at most {MaxBodyLength} characters"];
        var link = string.IsNullOrWhiteSpace(request.Link) ? null : request.Link.Trim();
        if (link is not null && (link.Length > MaxLinkLength || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            problems["link"] = [$"an http(s) address of at most {MaxLinkLength} characters"];
        var category = CategoryCodes.FirstOrDefault(c => c.Value == request.Category?.Trim().ToLowerInvariant());
        if (category.Value is null)
            problems["category"] = [$"one of {string.Join(", ", CategoryCodes.Values)}"];
        var audience = CheckAudience(request.Audience, request.AudienceValues, problems);
        return problems.Count > 0
            ? new AnnouncementDraftCheck.Invalid(problems)
            : new AnnouncementDraftCheck.Valid(title, body, link, category.Key, audience!);
    }

    private static Audience? CheckAudience(string? code, IReadOnlyList<string>? given, Dictionary<string, string[]> problems)
    {
        var kind = AudienceCodes.FirstOrDefault(c => c.Value == code?.Trim().ToLowerInvariant());
        if (kind.Value is null)
        {
            problems["audience"] = [$"one of {string.Join(", ", AudienceCodes.Values)}"];
            return null;
        }
        var values = (given ?? []).Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        switch (kind.Key)
        {
            case AudienceKind.AllFollowers or AudienceKind.ActiveLoans or AudienceKind.SeatBookingsToday:
                if (values.Count > 0)
                    problems["audienceValues"] = [$"none for {kind.Value}"];
                return new Audience(kind.Key, []);
            case AudienceKind.PatronGroups when values.FirstOrDefault(v => !PatronCodes.TryParseGroup(v, out _)) is { } unknown:
                problems["audienceValues"] = [$"'{unknown}' is not a patron group: one of {string.Join(", ", PatronCodes.GroupCodes)}"];
                return null;
            case AudienceKind.PatronGroups:
                values = [.. values.Select(v => PatronCodes.ParseGroup(v).Code()).Distinct()];
                break;
            case AudienceKind.Cards when values.FirstOrDefault(v => !CardList.IsCard(v)) is { } malformed:
                problems["audienceValues"] = [$"'{(malformed.Length > 32 ? malformed[..32] + "…" : malformed)}' is not a card number: 4 to 32 letters, digits or hyphens"];
                return null;
            case AudienceKind.Cards:
                values = [.. values.Select(v => v.ToUpperInvariant()).Distinct()];
                break;
        }
        var most = kind.Key == AudienceKind.Cards ? CardList.MaxCards : MaxValues;
        if (values.Count is 0 || values.Count > most)
        {
            problems["audienceValues"] = [$"between 1 and {most} values for {kind.Value}"];
            return null;
        }
        return new Audience(kind.Key, values);
    }

    /// <summary>The month (its first day, library time) whose cap a mass message sent at <paramref name="at"/> counts against.</summary>
    public static DateOnly MonthOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return new DateOnly(local.Year, local.Month, 1);
    }

    /// <summary>The text readers receive: WeChat's mass text message, the link as a tappable line.</summary>
    public static string Text(Announcement announcement) => Text(announcement.Category, announcement.Title, announcement.Body, announcement.Link);

    public static string Text(AnnouncementCategory category, string title, string body, string? link) =>
        $"【{Label(category)}】{title}\n{body}" + (link is null ? "" : $"\n<a href=\"{link}\">查看详情</a>");

    public static string Label(AnnouncementCategory category) => category switch
    {
        AnnouncementCategory.Closure => "闭馆",
        AnnouncementCategory.Event => "讲座活动",
        AnnouncementCategory.Resources => "资源",
        _ => "通知",
    };

    public static string When(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>A draft as staff send it: codes as the API spells them.</summary>
public sealed record AnnouncementRequest(string? Title, string? Body, string? Link, string? Category, string? Audience, IReadOnlyList<string>? AudienceValues);

public abstract record AnnouncementDraftCheck
{
    private AnnouncementDraftCheck()
    {
    }

    public sealed record Valid(string Title, string Body, string? Link, AnnouncementCategory Category, Audience Audience) : AnnouncementDraftCheck;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : AnnouncementDraftCheck;
}
