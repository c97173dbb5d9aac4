namespace WeChatLib.Domain.Notices;

/// <summary>A reader's notice settings: every kind, whether it is on, and whether the reader may switch it off.</summary>
public sealed class NotificationPreferences(INoticePreferences preferences)
{
    public async Task<IReadOnlyList<NoticeSetting>> GetAsync(long patronId, CancellationToken cancellationToken)
    {
        var off = await preferences.OptedOutAsync(patronId, cancellationToken);
        return [.. NoticeKind.Notices.Select(kind => new NoticeSetting(kind, !off.Contains(kind), NoticeKind.IsOptional(kind)))];
    }

    /// <summary>Applies the changes, or none of them if any names an unknown kind or switches off a required one.</summary>
    public async Task<IReadOnlyList<string>> SetAsync(long patronId, IReadOnlyDictionary<string, bool> enabledByKind, CancellationToken cancellationToken)
    {
        var problems = enabledByKind
            .Where(change => !NoticeKind.Notices.Contains(change.Key) || (!change.Value && !NoticeKind.IsOptional(change.Key)))
            .Select(change => NoticeKind.Notices.Contains(change.Key)
                ? $"{change.Key} notices cannot be switched off: they concern books other readers are waiting for"
                : $"unknown notice kind '{change.Key}'")
            .ToList();
        if (problems.Count == 0)
            await preferences.SetAsync(patronId, enabledByKind, cancellationToken);
        return problems;
    }
}

public sealed record NoticeSetting(string Kind, bool Enabled, bool Optional);
