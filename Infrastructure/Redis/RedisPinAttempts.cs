using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>PIN attempts counted per card and per openid, for the lockout window from a counter's first attempt.</summary>
internal sealed class RedisPinAttempts(AttemptCounter counter, IOptions<BindingOptions> options) : IPinAttempts
{
    private BindingOptions Limits => options.Value;

    public Task<AttemptReservation> ReserveAsync(string cardNumber, string openId, CancellationToken cancellationToken) =>
        counter.ReserveAsync(Keys(cardNumber, openId), Limits.MaxPinAttempts, TimeSpan.FromMinutes(Limits.PinLockoutMinutes));

    public Task RefundAsync(string cardNumber, string openId, CancellationToken cancellationToken) =>
        counter.RefundAsync(Keys(cardNumber, openId));

    // Hashed: a card number is whatever a client sent, of any length.
    private static RedisKey[] Keys(string cardNumber, string openId) =>
        [$"pin-attempts:card:{OpaqueTokens.Hash(cardNumber.ToUpperInvariant())}", $"pin-attempts:openid:{OpaqueTokens.Hash(openId)}"];
}
