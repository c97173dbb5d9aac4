namespace WeChatLib.Domain.Readers;

/// <summary>The campus single sign-on (CAS): who a service ticket belongs to, as a library card number.</summary>
public interface ICampusLogin
{
    bool Enabled { get; }

    /// <summary>The login page URL that sends the reader back to <paramref name="service"/> with a ticket.</summary>
    Uri LoginUrl(string service);

    Task<CampusLoginResult> ValidateAsync(string ticket, string service, CancellationToken cancellationToken);
}

/// <summary>Either the card number of the signed-in person, or why the ticket was refused.</summary>
public sealed record CampusLoginResult(string? CardNumber, string? Failure)
{
    public static CampusLoginResult Success(string cardNumber) => new(cardNumber, null);

    public static CampusLoginResult Refused(string failure) => new(null, failure);
}
