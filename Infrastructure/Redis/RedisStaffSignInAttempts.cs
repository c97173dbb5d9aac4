using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Staff;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>Staff password attempts counted per username, as usernames compare: regardless of case.</summary>
internal sealed class RedisStaffSignInAttempts(AttemptCounter counter, IOptions<StaffSignInOptions> options) : IStaffSignInAttempts
{
    public Task<AttemptReservation> ReserveAsync(string username, CancellationToken cancellationToken) =>
        counter.ReserveAsync(Keys(username), options.Value.MaxFailures, TimeSpan.FromMinutes(options.Value.LockoutMinutes));

    public Task RefundAsync(string username, CancellationToken cancellationToken) => counter.RefundAsync(Keys(username));

    private static RedisKey[] Keys(string username) => [$"staff-sign-in-attempts:{OpaqueTokens.Hash(username.Trim().ToLowerInvariant())}"];
}
