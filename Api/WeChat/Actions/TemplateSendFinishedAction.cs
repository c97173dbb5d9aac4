using System.Globalization;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>TEMPLATESENDJOBFINISH: WeChat's delivery report for a template message, recorded against the notice.</summary>
public sealed class TemplateSendFinishedAction(RecordDeliveryStatus record) : IWeChatAction
{
    // The same report records the same status again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (long.TryParse(message["MsgID"], NumberStyles.None, CultureInfo.InvariantCulture, out var msgId))
            await record.HandleAsync(msgId, message["Status"], cancellationToken);
        return WeChatReply.Nothing;
    }
}
