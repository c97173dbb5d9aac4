namespace WeChatLib.Domain.Catalogue;

/// <summary>Where an item stands. <see cref="OnLoan"/> belongs to circulation: a checkout sets it and a check-in ends it.</summary>
public enum ItemStatus
{
    Available,
    OnLoan,
    InTransit,
    OnHoldShelf,
    Lost,
    Withdrawn,
}
