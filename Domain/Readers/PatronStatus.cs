namespace WeChatLib.Domain.Readers;

public enum PatronStatus
{
    Active,
    Restricted,
    Expired,
}
