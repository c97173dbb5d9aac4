using WeChatLib.Domain.Announcements;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Outbox;

internal sealed class MassPreview(WeChatApiClient wechat) : IMassPreview
{
    public async Task<string?> PreviewAsync(string openId, string text, CancellationToken cancellationToken)
    {
        var result = await wechat.PreviewMassTextAsync(openId, text, cancellationToken);
        return result.Succeeded ? null : $"{result.Error?.Code}: {result.Error?.Message}";
    }
}
