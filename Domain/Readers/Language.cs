namespace WeChatLib.Domain.Readers;

/// <summary>The language of a reader's chat replies and notices; Chinese unless the reader chooses English.</summary>
public enum Language
{
    Zh,
    En,
}
