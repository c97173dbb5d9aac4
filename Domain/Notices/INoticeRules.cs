using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Notices;

/// <summary>The notice rules per patron group, as the scan reads them and admins change them.</summary>
public interface INoticeRules
{
    /// <summary>Every rule, by patron group and offset.</summary>
    Task<IReadOnlyList<NoticeRule>> ListAsync(CancellationToken cancellationToken);

    Task<NoticeRule?> FindAsync(string patronGroup, string code, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the rule as it stands (row locked), and writes the audit row made from the
    /// rule before and after in the same transaction. Null when the rule does not exist.
    /// </summary>
    Task<NoticeRuleUpdate?> UpdateAsync(string patronGroup, string code, Func<NoticeRule, NoticeRuleUpdate> change, CancellationToken cancellationToken);
}

/// <summary>The outcome of applying a change to a rule as it stands: the rule to save with its audit row, or the problems.</summary>
public sealed record NoticeRuleUpdate(NoticeRule? After, AuditEntry? Audit, IReadOnlyDictionary<string, string[]> Problems);
