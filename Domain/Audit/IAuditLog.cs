namespace WeChatLib.Domain.Audit;

public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken);
}

public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string Action, string Target, IReadOnlyDictionary<string, string?> Details);

/// <summary>Newest first; <paramref name="Before"/> pages backwards by id.</summary>
public sealed record AuditQuery(string? Target, string? Action, long? Before, int Limit);
