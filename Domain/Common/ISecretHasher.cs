namespace WeChatLib.Domain.Common;

/// <summary>One-way hashing of PINs and staff passwords.</summary>
public interface ISecretHasher
{
    string Hash(string secret);

    /// <summary>Costly by design: callers wait their turn asynchronously rather than each hold a thread.</summary>
    Task<bool> VerifyAsync(string hash, string secret, CancellationToken cancellationToken);
}
