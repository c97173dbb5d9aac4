using System.Text;

namespace WeChatLib.Api.WeChat;

/// <summary>What a reader wrote after a keyword, with full-width digits and letters made plain (“预约２” is “预约 2”).</summary>
public static class ChatArgument
{
    /// <summary>The text after the first of <paramref name="keywords"/> it starts with; empty when none.</summary>
    public static string After(string content, params string[] keywords)
    {
        var text = content.Normalize(NormalizationForm.FormKC).Trim();
        var keyword = keywords.FirstOrDefault(k => text.StartsWith(k, StringComparison.OrdinalIgnoreCase));
        return keyword is null ? "" : text[keyword.Length..].Trim();
    }
}
