using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;
using WeChatLib.Domain.Announcements;
using WeChatLib.Domain.Common;

namespace WeChatLib.Infrastructure.Redis;

/// <summary>
/// Pairing codes for previews: eight random digits, kept ten minutes under their hash, one live code per staff member,
/// spent on first use (GETDEL, so two messages with one code cannot both pair). Guesses are limited per openid: five
/// wrong codes lock that WeChat out for a quarter of an hour, far too few to find one among a hundred million.
/// </summary>
internal sealed class PreviewPairings(IDatabase redis, AttemptCounter attempts, TimeProvider time) : IPreviewPairings
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int MaxGuesses = 5;
    private static readonly TimeSpan GuessWindow = TimeSpan.FromMinutes(15);

    public async Task<PreviewPairingCode> IssueAsync(long staffId, CancellationToken cancellationToken)
    {
        var code = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        var key = CodeKey(code);
        await redis.StringSetAsync(key, staffId.ToString(CultureInfo.InvariantCulture), Lifetime);
        // The previous code of this staff member stops working.
        var previous = await redis.StringSetAndGetAsync(StaffKey(staffId), key.ToString(), Lifetime);
        if (!previous.IsNullOrEmpty && previous.ToString() != key.ToString())
            await redis.KeyDeleteAsync(previous.ToString());
        return new PreviewPairingCode(code, time.GetUtcNow() + Lifetime);
    }

    public async Task<long?> RedeemAsync(string code, CancellationToken cancellationToken)
    {
        if (code.Length != 8 || !code.All(char.IsAsciiDigit))
            return null;
        var staff = await redis.StringGetDeleteAsync(CodeKey(code));
        return long.TryParse(staff.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var staffId) ? staffId : null;
    }

    public Task<AttemptReservation> ReserveAsync(string openId, CancellationToken cancellationToken) =>
        attempts.ReserveAsync(GuessKeys(openId), MaxGuesses, GuessWindow);

    public Task RefundAsync(string openId, CancellationToken cancellationToken) => attempts.RefundAsync(GuessKeys(openId));

    private static RedisKey CodeKey(string code) => $"preview-pairing:{OpaqueTokens.Hash(code)}";

    private static RedisKey StaffKey(long staffId) => $"preview-pairing:staff:{staffId}";

    private static RedisKey[] GuessKeys(string openId) => [$"preview-pairing-guesses:{OpaqueTokens.Hash(openId)}"];
}
