using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WeChatLib.Infrastructure.WeChat.Protocol;

/// <summary>
/// The AES "safe mode" envelope: AES-256-CBC with the EncodingAESKey (IV = the key's first 16 bytes), PKCS#7 padding on
/// 32-byte blocks, and a plaintext of random(16) ‖ length (4 bytes, big-endian) ‖ message (UTF-8) ‖ appid. Decryption
/// is strict: every check that fails says which, and nothing half-checked is ever returned.
/// </summary>
public sealed class WeChatCrypto
{
    private const int PadBlock = 32;
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _appId;

    // An AES object per thread: creating one per message costs more than the cipher work, and instances are not
    // safe to share between threads. The one-shot calls below never span an await.
    [ThreadStatic]
    private static Aes? t_aes;
    [ThreadStatic]
    private static byte[]? t_key;

    public WeChatCrypto(string encodingAesKey, string appId)
    {
        if (encodingAesKey.Length != 43)
            throw new ArgumentException("The EncodingAESKey must be 43 characters.", nameof(encodingAesKey));
        _key = Convert.FromBase64String(encodingAesKey + "=");
        _iv = _key[..16];
        _appId = Encoding.UTF8.GetBytes(appId);
    }

    private Aes Cipher()
    {
        if (t_aes is null || !ReferenceEquals(t_key, _key))
        {
            t_aes?.Dispose();
            t_aes = Aes.Create();
            t_aes.Key = _key;
            t_key = _key;
        }
        return t_aes;
    }

    public DecryptResult Decrypt(string encrypted)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            return DecryptResult.Fail("ciphertext is not base64");
        }
        if (cipher.Length == 0 || cipher.Length % 16 != 0)
            return DecryptResult.Fail("ciphertext length is not a multiple of the AES block");

        var plain = Cipher().DecryptCbc(cipher, _iv, PaddingMode.None);
        var pad = plain[^1];
        if (pad is < 1 or > PadBlock || pad > plain.Length || plain.AsSpan(plain.Length - pad).IndexOfAnyExcept(pad) >= 0)
            return DecryptResult.Fail("bad padding");
        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20)
            return DecryptResult.Fail("plaintext too short");
        var length = BinaryPrimitives.ReadUInt32BigEndian(content[16..20]);
        if (length > content.Length - 20)
            return DecryptResult.Fail("message length exceeds the plaintext");
        var message = content.Slice(20, (int)length);
        var appId = content[(20 + (int)length)..];
        if (!CryptographicOperations.FixedTimeEquals(appId, _appId))
            return DecryptResult.Fail("appid does not match");
        try
        {
            return new DecryptResult(new UTF8Encoding(false, true).GetString(message), null);
        }
        catch (DecoderFallbackException)
        {
            return DecryptResult.Fail("message is not UTF-8");
        }
    }

    public string Encrypt(string message) => Encrypt(message, RandomNumberGenerator.GetBytes(16));

    /// <summary>With a given random prefix: only for checking against published ciphertexts.</summary>
    internal string Encrypt(string message, ReadOnlySpan<byte> random)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var length = 16 + 4 + body.Length + _appId.Length;
        var pad = PadBlock - length % PadBlock;
        var plain = new byte[length + pad];
        random[..16].CopyTo(plain);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16, 4), (uint)body.Length);
        body.CopyTo(plain, 20);
        _appId.CopyTo(plain, 20 + body.Length);
        plain.AsSpan(length).Fill((byte)pad);
        return Convert.ToBase64String(Cipher().EncryptCbc(plain, _iv, PaddingMode.None));
    }
}

/// <summary>The decrypted XML, or why decryption was refused.</summary>
public sealed record DecryptResult(string? Xml, string? Failure)
{
    public static DecryptResult Fail(string failure) => new(null, failure);
}
