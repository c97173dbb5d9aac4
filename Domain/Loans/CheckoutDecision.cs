namespace WeChatLib.Domain.Loans;

/// <summary>May the item go out to the reader, and until when; or every reason it may not.</summary>
public abstract record CheckoutDecision
{
    private CheckoutDecision()
    {
    }

    public sealed record Allowed(DateOnly DueOn) : CheckoutDecision;

    public sealed record Refused(IReadOnlyList<CheckoutRefusal> Reasons) : CheckoutDecision;
}
