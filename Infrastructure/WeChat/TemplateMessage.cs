namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// A template message (模板消息). <see cref="ClientMsgId"/> makes WeChat deliver one message per reader and id
/// within about ten minutes, so a resend after an unknown outcome is harmless.
/// </summary>
public sealed record TemplateMessage(string ToUser, string TemplateId, string? Url, string ClientMsgId, IReadOnlyDictionary<string, string> Data);
