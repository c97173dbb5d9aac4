using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Hosting;

/// <summary>The <c>Library</c> section: facts about the library itself.</summary>
public sealed class LibraryOptions
{
    public const string Section = "Library";

    /// <summary>IANA time zone in which opening hours, due dates and quiet hours are reckoned.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

internal sealed class LibraryOptionsValidator : IValidateOptions<LibraryOptions>
{
    public ValidateOptionsResult Validate(string? name, LibraryOptions options) =>
        new ConfigurationRules()
            .Check("Library:TimeZone", TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _), "must be a known IANA time zone such as Asia/Shanghai")
            .ToResult();
}
