namespace WeChatLib.Domain.Audit;

/// <summary>One line of the audit log. <paramref name="Actor"/> is <c>staff:ID</c>, <c>patron:ID</c> or <c>system</c>.</summary>
public sealed record AuditEntry(string Actor, string Action, string Target, IReadOnlyDictionary<string, string?>? Details = null)
{
    public const string System = "system";

    public static string Staff(long id) => $"staff:{id}";

    public static string Patron(long id) => $"patron:{id}";
}
