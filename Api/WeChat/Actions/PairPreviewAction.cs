using WeChatLib.Domain.Announcements;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// “预览 12345678” / “preview 12345678”: a staff member pairs the WeChat they are writing from as the place their
/// announcement previews go, with the code their signed-in account was given. The openid is WeChat's, from the signed message.
/// </summary>
public sealed class PairPreviewAction(PreviewAnnouncement preview) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var code = ChatArgument.After(message.Content, "预览", "preview");
        if (code.Length == 0)
            return new WeChatReply.Text("请回复“预览 ”加上在公告管理中获得的 8 位预览码。\nReply preview followed by the 8-digit code from the announcement desk.");
        return await preview.PairAsync(message.FromUserName, code, cancellationToken) switch
        {
            PairingOutcome.Paired => new WeChatReply.Text("已设为您的公告预览接收微信，预览将发送到这里。\nThis WeChat now receives your announcement previews."),
            PairingOutcome.TooManyAttempts locked => new WeChatReply.Text(
                $"预览码错误次数过多，请 {Math.Max(1, (int)Math.Ceiling(locked.RetryAfter.TotalMinutes))} 分钟后再试。\nToo many wrong codes: please try again later."),
            _ => new WeChatReply.Text("预览码无效或已过期，请在公告管理中重新获取。\nThat code is wrong or has expired: please get a new one."),
        };
    }
}
