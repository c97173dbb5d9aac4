namespace WeChatLib.Domain.Loans;

/// <summary>The answer to "may this loan be renewed now": the new due date, or every reason it may not.</summary>
public abstract record RenewalDecision
{
    private RenewalDecision()
    {
    }

    /// <summary><paramref name="Overridden"/> lists the reasons staff lifted, empty for a plain renewal.</summary>
    public sealed record Renewable(DateOnly NewDueDate, IReadOnlyList<RenewalRefusal> Overridden) : RenewalDecision;

    public sealed record Refused(IReadOnlyList<RenewalRefusal> Reasons) : RenewalDecision;
}
