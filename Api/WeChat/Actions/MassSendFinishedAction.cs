using System.Globalization;
using WeChatLib.Domain.Announcements;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>MASSSENDJOBFINISH: WeChat's totals for a mass message, recorded against the announcement batch that sent it.</summary>
public sealed class MassSendFinishedAction(RecordMassSendFinish record) : IWeChatAction
{
    // The same report records the same totals again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (long.TryParse(message["MsgID"], NumberStyles.None, CultureInfo.InvariantCulture, out var msgId))
            await record.HandleAsync(msgId, new MassSendTotals(message["Status"], Count(message["TotalCount"]), Count(message["FilterCount"]),
                Count(message["SentCount"]), Count(message["ErrorCount"])), cancellationToken);
        return WeChatReply.Nothing;
    }

    private static int Count(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
}
