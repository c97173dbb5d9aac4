namespace WeChatLib.Domain.Notices;

/// <summary>The notice kinds each reader has switched off.</summary>
public interface INoticePreferences
{
    Task<IReadOnlySet<string>> OptedOutAsync(long patronId, CancellationToken cancellationToken);

    Task SetAsync(long patronId, IReadOnlyDictionary<string, bool> enabledByKind, CancellationToken cancellationToken);
}
