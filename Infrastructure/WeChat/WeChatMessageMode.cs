namespace WeChatLib.Infrastructure.WeChat;

public enum WeChatMessageMode
{
    Plain,
    Compatible,
    Safe,
}
