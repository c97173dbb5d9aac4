using System.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Cas;

/// <summary>CAS 2.0/3.0 service ticket validation (<c>serviceValidate</c>), with the XML read as untrusted input.</summary>
internal sealed class CasClient(HttpClient http, IOptions<CasOptions> options, ILogger<CasClient> logger) : ICampusLogin
{
    private const string CasNamespace = "http://www.yale.edu/tp/cas";

    private CasOptions Cas => options.Value;

    public bool Enabled => Cas.BaseUrl.Length > 0;

    public Uri LoginUrl(string service) => new($"{Cas.BaseUrl.TrimEnd('/')}/login?service={Uri.EscapeDataString(service)}");

    public async Task<CampusLoginResult> ValidateAsync(string ticket, string service, CancellationToken cancellationToken)
    {
        if (!Enabled)
            return CampusLoginResult.Refused("campus login is not configured");
        var path = Cas.ProtocolVersion >= 3 ? "p3/serviceValidate" : "serviceValidate";
        var url = $"{Cas.BaseUrl.TrimEnd('/')}/{path}?service={Uri.EscapeDataString(service)}&ticket={Uri.EscapeDataString(ticket)}";
        try
        {
            using var response = await http.GetAsync(new Uri(url), cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return Read(body);
        }
        catch (Exception e) when (e is HttpRequestException or XmlException or TaskCanceledException)
        {
            logger.LogWarning(e, "CAS ticket validation failed");
            return CampusLoginResult.Refused("the campus login could not be checked");
        }
    }

    private CampusLoginResult Read(Stream body)
    {
        var document = new XmlDocument { XmlResolver = null };
        using (var reader = XmlReader.Create(body, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = 64 * 1024,
        }))
        {
            document.Load(reader);
        }
        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("cas", CasNamespace);

        if (document.SelectSingleNode("/cas:serviceResponse/cas:authenticationFailure", names) is XmlElement failure)
            return CampusLoginResult.Refused(failure.GetAttribute("code") is { Length: > 0 } code ? code : "INVALID_TICKET");
        var success = document.SelectSingleNode("/cas:serviceResponse/cas:authenticationSuccess", names);
        var card = Cas.CardNumberAttribute.Length > 0
            ? success?.SelectSingleNode($"cas:attributes/cas:{Cas.CardNumberAttribute}", names)?.InnerText
            : success?.SelectSingleNode("cas:user", names)?.InnerText;
        return string.IsNullOrWhiteSpace(card) ? CampusLoginResult.Refused("no card number in the CAS answer") : CampusLoginResult.Success(card.Trim());
    }
}
