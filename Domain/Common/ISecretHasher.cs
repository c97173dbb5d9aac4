namespace WeChatLib.Domain.Common;

/// <summary>One-way hashing of PINs and staff passwords.</summary>
public interface ISecretHasher
{
    string Hash(string secret);

    bool Verify(string hash, string secret);
}
