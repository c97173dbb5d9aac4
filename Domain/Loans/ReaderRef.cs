namespace WeChatLib.Domain.Loans;

/// <summary>
/// Who is asking, as the server knows them: the openid a WeChat message came from, or the patron a token names.
/// Never taken from what a client says.
/// </summary>
public abstract record ReaderRef
{
    private ReaderRef()
    {
    }

    public sealed record WeChat(string OpenId) : ReaderRef;

    public sealed record Patron(long PatronId) : ReaderRef;
}
