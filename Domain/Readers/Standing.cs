namespace WeChatLib.Domain.Readers;

public enum Standing
{
    Good,
    Restricted,
    Expired,
}
