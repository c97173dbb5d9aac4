namespace WeChatLib.Infrastructure.Redis;

/// <summary>The <c>Binding</c> section: limits on binding a WeChat account to a card.</summary>
public sealed class BindingOptions
{
    public const string Section = "Binding";

    /// <summary>Failed card + PIN attempts allowed per card and per openid within <see cref="PinLockoutMinutes"/>.</summary>
    public int MaxPinAttempts { get; set; } = 5;

    public int PinLockoutMinutes { get; set; } = 15;
}
