namespace WeChatLib.Domain.Overdue;

/// <summary>How staff reach a reader and what came of it, as the database's checks spell them.</summary>
public static class OverdueContactCodes
{
    public static readonly IReadOnlyList<string> Channels = ["phone", "wechat", "email", "enterprise_chat", "in_person"];

    public static readonly IReadOnlyList<string> Outcomes =
        ["reached", "promised_return", "no_answer", "message_left", "wrong_contact", "disputed", "other"];

    public const int MaxNoteLength = 2000;
}
