namespace WeChatLib.Infrastructure.Observability;

/// <summary>What a webhook request came to.</summary>
public static class WebhookOutcome
{
    /// <summary>Answered with the action's reply within the budget.</summary>
    public const string Replied = "replied";

    /// <summary>Past the budget: answered <c>success</c>, the reply follows as a custom message.</summary>
    public const string Late = "late";

    /// <summary>WeChat's retry of a message already being answered: given the first reply.</summary>
    public const string Retry = "retry";

    /// <summary>The reader passed the per-minute message limit.</summary>
    public const string Limited = "limited";

    /// <summary>Too large, badly signed, or not decryptable: never reached an action.</summary>
    public const string Refused = "refused";
}
