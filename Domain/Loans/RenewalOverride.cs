namespace WeChatLib.Domain.Loans;

/// <summary>A member of staff renewing despite the count, too-soon or overdue rules; the comment is kept with the renewal.</summary>
public sealed record RenewalOverride
{
    private RenewalOverride(string comment) => Comment = comment;

    public string Comment { get; }

    /// <summary>Null when the comment is blank: an override without a reason is not one.</summary>
    public static RenewalOverride? From(string? comment) =>
        string.IsNullOrWhiteSpace(comment) ? null : new RenewalOverride(comment.Trim());
}
