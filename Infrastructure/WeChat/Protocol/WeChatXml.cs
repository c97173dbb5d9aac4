using System.Globalization;
using System.Text;
using System.Xml;

namespace WeChatLib.Infrastructure.WeChat.Protocol;

/// <summary>
/// Reads WeChat's XML as hostile input (no DTD, no entities, no resolver, a size cap, at most four levels) and writes
/// replies with an XML writer, so that a reader's text containing <c>]]&gt;</c> or <c>&lt;</c> comes back intact.
/// </summary>
public static class WeChatXml
{
    public const int MaxBytes = 64 * 1024;

    public const int MaxNewsArticles = 8;

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        OmitXmlDeclaration = true,
        Encoding = new UTF8Encoding(false),
        Indent = false,
    };

    /// <summary>The elements under <c>&lt;xml&gt;</c> by path, or null when the document is not WeChat's XML.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(string xml)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings);
            if (!reader.ReadToFollowing("xml") || reader.Depth != 0)
                return null;
            var path = new List<string>();
            string? textOf = null;
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when !reader.IsEmptyElement:
                        if (reader.Depth > 4)
                            return null;
                        while (path.Count >= reader.Depth)
                            path.RemoveAt(path.Count - 1);
                        path.Add(reader.LocalName);
                        textOf = null;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        // A value may come in several sections (a "]]>" in a reader's text splits its CDATA).
                        var key = string.Join('/', path);
                        fields[key] = textOf == key ? fields[key] + reader.Value : reader.Value;
                        textOf = key;
                        break;
                    case XmlNodeType.EndElement:
                        textOf = null;
                        if (reader.Depth == 0)
                            return fields;
                        break;
                }
            }
            return fields;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    public static string Text(WeChatMessage to, string content, DateTimeOffset now) => Write(writer =>
    {
        Header(writer, to, now, "text");
        writer.WriteStartElement("Content");
        Cdata(writer, content);
        writer.WriteEndElement();
    });

    /// <summary>News (图文) with at most 8 articles after an event (a menu click), 1 after a typed message: more are dropped.</summary>
    public static string News(WeChatMessage to, IReadOnlyList<NewsArticle> all, DateTimeOffset now) => Write(writer =>
    {
        // WeChat answers a passive reply with more articles than it allows with an error, and the reader sees nothing.
        var articles = all.Take(to.IsEvent ? MaxNewsArticles : 1).ToList();
        Header(writer, to, now, "news");
        writer.WriteElementString("ArticleCount", articles.Count.ToString(CultureInfo.InvariantCulture));
        writer.WriteStartElement("Articles");
        foreach (var article in articles)
        {
            writer.WriteStartElement("item");
            Element(writer, "Title", article.Title);
            Element(writer, "Description", article.Description);
            Element(writer, "PicUrl", article.PicUrl ?? "");
            Element(writer, "Url", article.Url);
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    });

    public static string Encrypted(string encrypt, string signature, long timestamp, string nonce) => Write(writer =>
    {
        Element(writer, "Encrypt", encrypt);
        Element(writer, "MsgSignature", signature);
        writer.WriteElementString("TimeStamp", timestamp.ToString(CultureInfo.InvariantCulture));
        Element(writer, "Nonce", nonce);
    });

    private static void Header(XmlWriter writer, WeChatMessage to, DateTimeOffset now, string type)
    {
        Element(writer, "ToUserName", to.FromUserName);
        Element(writer, "FromUserName", to.ToUserName);
        writer.WriteElementString("CreateTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Element(writer, "MsgType", type);
    }

    private static void Element(XmlWriter writer, string name, string value)
    {
        writer.WriteStartElement(name);
        Cdata(writer, value);
        writer.WriteEndElement();
    }

    // "]]>" cannot sit inside one CDATA section: close it after "]]" and open another before ">".
    private static void Cdata(XmlWriter writer, string value)
    {
        var parts = value.Split("]]>");
        for (var i = 0; i < parts.Length; i++)
            writer.WriteCData(i == 0 ? parts[i] + (parts.Length > 1 ? "]]" : "") : ">" + parts[i] + (i < parts.Length - 1 ? "]]" : ""));
    }

    private static string Write(Action<XmlWriter> body)
    {
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, WriterSettings))
        {
            writer.WriteStartElement("xml");
            body(writer);
            writer.WriteEndElement();
        }
        return output.ToString();
    }
}

public sealed record NewsArticle(string Title, string Description, string Url, string? PicUrl = null);
