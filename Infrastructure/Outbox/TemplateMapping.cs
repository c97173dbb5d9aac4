using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Configuration;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// Builds a notice's template data as WeChat will show it. Since May 2023 each field shows at most 20 characters,
/// counting a run of letters or digits as one, and WeChat cuts longer values without an error, so a due date or a
/// barcode could silently vanish. Fields are therefore built short on purpose (<c>:shorten</c>, <c>:date</c>) and any
/// other field that would be cut is an error reported before sending.
/// </summary>
public sealed partial class TemplateMapping(IOptions<NoticesOptions> options)
{
    public const int MaxFieldLength = 20;
    private const string Ellipsis = "…";

    public TemplateBuild Build(string kind, IReadOnlyDictionary<string, string> fields, string publicBaseUrl)
    {
        if (!options.Value.Templates.TryGetValue(kind, out var template) || template.TemplateId.Length == 0)
            return new TemplateBuild.NoTemplate(kind);

        var data = new Dictionary<string, string>();
        foreach (var (name, pattern) in template.Fields)
        {
            var value = Fill(pattern, fields, out var missing);
            if (missing is not null)
                return new TemplateBuild.Invalid($"field {name} needs '{missing}', which the notice lacks");
            if (Length(value) > MaxFieldLength)
                return new TemplateBuild.Invalid($"field {name} would be cut by WeChat ({Length(value)} > {MaxFieldLength} characters): {value}");
            data[name] = value;
        }
        var url = template.Url is null ? null
            : template.Url.StartsWith('/') ? publicBaseUrl.TrimEnd('/') + Fill(template.Url, fields, out _)
            : Fill(template.Url, fields, out _);
        return new TemplateBuild.Ready(new TemplateMessage("", template.TemplateId, url, "", data));
    }

    /// <summary>Characters as WeChat counts them in a template field: a run of letters or digits is one.</summary>
    public static int Length(string value) => new StringInfo(LetterOrDigitRun().Replace(value, "a")).LengthInTextElements;

    /// <summary>Cuts <paramref name="value"/> so that it counts at most <paramref name="room"/>, ending with an ellipsis.</summary>
    public static string Shorten(string value, int room)
    {
        if (Length(value) <= room)
            return value;
        var elements = StringInfo.GetTextElementEnumerator(value);
        var kept = "";
        while (elements.MoveNext() && Length(kept + elements.GetTextElement()) + 1 <= room)
            kept += elements.GetTextElement();
        return kept.TrimEnd() + Ellipsis;
    }

    private static string Fill(string pattern, IReadOnlyDictionary<string, string> fields, out string? missing)
    {
        string? lacking = null;
        var literalLength = Length(Placeholder().Replace(pattern, ""));
        var filled = Placeholder().Replace(pattern, match =>
        {
            var name = match.Groups["name"].Value;
            if (!fields.TryGetValue(name, out var value))
            {
                lacking = name;
                return "";
            }
            return match.Groups["format"].Value switch
            {
                "date" => DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date) ? $"{date.Month}月{date.Day}日" : value,
                "shorten" => Shorten(value.ReplaceLineEndings(" "), MaxFieldLength - literalLength),
                _ => value.ReplaceLineEndings(" "),
            };
        });
        missing = lacking;
        return filled;
    }

    [GeneratedRegex("[0-9A-Za-z]+")]
    private static partial Regex LetterOrDigitRun();

    [GeneratedRegex(@"\{(?<name>[A-Za-z][A-Za-z0-9]*)(?::(?<format>[a-z]+))?\}")]
    internal static partial Regex Placeholder();
}

public abstract record TemplateBuild
{
    private TemplateBuild()
    {
    }

    public sealed record Ready(TemplateMessage Message) : TemplateBuild;

    public sealed record NoTemplate(string Kind) : TemplateBuild;

    public sealed record Invalid(string Problem) : TemplateBuild;
}

/// <summary>A mapping that cannot fit stops the start: its literal text alone, or an unknown format.</summary>
internal sealed class NoticesOptionsValidator : IValidateOptions<NoticesOptions>
{
    public ValidateOptionsResult Validate(string? name, NoticesOptions options)
    {
        var rules = new ConfigurationRules()
            .Check("Notices:QuietHoursStart", IsTime(options.QuietHoursStart), "must be a time as HH:mm")
            .Check("Notices:QuietHoursEnd", IsTime(options.QuietHoursEnd), "must be a time as HH:mm")
            .Check("Notices:ScanAt", IsTime(options.ScanAt), "must be a time as HH:mm")
            .Check("Notices:DigestAt", Jobs.WeeklyAt.Parse(options.DigestAt) is not null, "must be a day and a time, such as Monday 10:00");
        foreach (var (kind, template) in options.Templates)
        {
            // A misspelt kind would never be used: its notices would wait for a template that never comes.
            rules.Check($"Notices:Templates:{kind}", NoticeKind.Notices.Contains(kind), $"is not a notice kind (known: {string.Join(", ", NoticeKind.Notices)})");
            rules.Require($"Notices:Templates:{kind}:TemplateId", template.TemplateId);
            if (template.Url is { Length: > 0 } url)
                rules.Check($"Notices:Templates:{kind}:Url", (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)) || IsAbsoluteHttpUrl(url),
                    "must be a path such as /h5/loans or an absolute http(s) URL");
            foreach (var (field, pattern) in template.Fields)
            {
                var key = $"Notices:Templates:{kind}:Fields:{field}";
                var formats = TemplateMapping.Placeholder().Matches(pattern).Select(m => m.Groups["format"].Value).ToList();
                rules.Check(key, formats.All(f => f is "" or "date" or "shorten"), "uses an unknown format (known: date, shorten)");
                // What is certain to appear: the literal text, and a date at its longest (12月31日).
                var fixedPart = TemplateMapping.Placeholder().Replace(pattern, m => m.Groups["format"].Value == "date" ? "12月31日" : "");
                rules.Check(key, TemplateMapping.Length(fixedPart) + (formats.Contains("shorten") ? 2 : 0) <= TemplateMapping.MaxFieldLength,
                    $"cannot fit WeChat's {TemplateMapping.MaxFieldLength} characters");
            }
        }
        return rules.ToResult();
    }

    private static bool IsAbsoluteHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static bool IsTime(string value) => TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
