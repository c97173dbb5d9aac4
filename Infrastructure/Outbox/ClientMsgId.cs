using System.Security.Cryptography;
using System.Text;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>The stable short form of an idempotency key that goes to WeChat as <c>client_msg_id</c>.</summary>
public static class ClientMsgId
{
    public static string For(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];
}
