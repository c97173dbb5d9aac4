namespace WeChatLib.Domain.Loans;

/// <summary>Where a renewal was asked for; recorded with it.</summary>
public enum RenewalChannel
{
    /// <summary>The account's menu button.</summary>
    Menu,

    /// <summary>A text message such as “续借 2”.</summary>
    Chat,

    /// <summary>The reader's H5 pages (REST).</summary>
    H5,

    /// <summary>A member of staff at the desk or in the staff tools.</summary>
    Staff,
}
