using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Common;

namespace WeChatLib.Infrastructure.Security;

/// <summary>
/// The framework's PBKDF2 password hasher (HMAC-SHA512, salted, self-describing format). Verifications run at most one
/// per processor at a time: a burst of bindings or sign-ins queues here instead of taking every pool thread, which would
/// starve the Redis and PostgreSQL replies that every other request is waiting on.
/// </summary>
internal sealed class SecretHasher(IOptions<PasswordHasherOptions> options) : ISecretHasher, IDisposable
{
    private static readonly object Subject = new();
    private readonly PasswordHasher<object> _hasher = new(options);
    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount);
    private int _running;
    private int _mostRunning;

    /// <summary>The most verifications that ever ran at once in this instance.</summary>
    internal int MostRunningAtOnce => Volatile.Read(ref _mostRunning);

    public string Hash(string secret) => _hasher.HashPassword(Subject, secret);

    public async Task<bool> VerifyAsync(string hash, string secret, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostRunning, running);
            return Verify(hash, secret);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }

    private bool Verify(string hash, string secret)
    {
        try
        {
            return _hasher.VerifyHashedPassword(Subject, hash, secret) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public void Dispose() => _slots.Dispose();

    private static void InterlockedMax(ref int location, int value)
    {
        var seen = Volatile.Read(ref location);
        while (value > seen && Interlocked.CompareExchange(ref location, value, seen) is var previous && previous != seen)
            seen = previous;
    }
}
