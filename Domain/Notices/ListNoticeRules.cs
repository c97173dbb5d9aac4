namespace WeChatLib.Domain.Notices;

/// <summary>Every patron group's notice rules, as admins review them.</summary>
public sealed class ListNoticeRules(INoticeRules rules)
{
    public Task<IReadOnlyList<NoticeRule>> HandleAsync(CancellationToken cancellationToken) => rules.ListAsync(cancellationToken);
}
