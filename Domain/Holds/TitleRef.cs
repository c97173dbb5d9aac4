namespace WeChatLib.Domain.Holds;

/// <summary>The title a reader asks for: by the id a list showed them, or by ISBN.</summary>
public abstract record TitleRef
{
    private TitleRef()
    {
    }

    public sealed record Id(long TitleId) : TitleRef;

    public sealed record Isbn(string Value) : TitleRef;
}
