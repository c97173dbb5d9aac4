namespace WeChatLib.Domain.Readers;

/// <summary>A patron's standing on a given day, from best to worst (sessions compare them).</summary>
public enum Standing
{
    Good,
    Restricted,
    Expired,
}
