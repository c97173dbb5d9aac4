using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.WeChat;

/// <summary>How holds read in the chat: where each stands, in a line.</summary>
public static class HoldText
{
    public static string Branch(BranchRef branch, Language language) =>
        language == Language.En && branch.NameEn != "" ? branch.NameEn : branch.Name;

    /// <summary>Ready (where and until when), on its way, or the place in the queue.</summary>
    public static string Status(Hold hold, Language language) => hold.Status switch
    {
        HoldStatus.Ready when hold.PickupBy is { } by => Say.In(language,
            $"已到馆，请于 {LoanText.Date(by, language)} 前到{Branch(hold.PickupBranch, language)}取书",
            $"ready at {Branch(hold.PickupBranch, language)} until {LoanText.Date(by, language)}"),
        HoldStatus.Ready => Say.In(language, $"已到馆，请到{Branch(hold.PickupBranch, language)}取书", $"ready at {Branch(hold.PickupBranch, language)}"),
        HoldStatus.InTransit => Say.In(language,
            $"正在运往{Branch(hold.PickupBranch, language)}，到馆后通知您",
            $"on its way to {Branch(hold.PickupBranch, language)}; you will be told when it arrives"),
        _ => Say.In(language,
            $"排队第 {hold.Position} 位 · 取书地点：{Branch(hold.PickupBranch, language)}",
            $"number {hold.Position} in the queue · pick up at {Branch(hold.PickupBranch, language)}"),
    };

    /// <summary>Every reason, in the reader's words.</summary>
    public static string Reasons(IEnumerable<HoldRefusal> reasons, Language language) =>
        string.Join(Say.In(language, "；", "; "), reasons.Select(r => HoldRefusalText.For(r, language)));
}
