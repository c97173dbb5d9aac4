using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WeChatLib.Api.Hosting;

namespace WeChatLib.Api.WeChat;

/// <summary>
/// The account's menu, kept in the repository as <c>menu.json</c> (links written as <c>{PublicBaseUrl}/…</c>), checked
/// against WeChat's limits before publishing so that a mistake reads as a clear message, not an errcode.
/// </summary>
public sealed class WeChatMenu(IOptions<PublicUrlOptions> publicUrl)
{
    private static readonly HashSet<string> KeyTypes = ["click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin", "location_select"];

    public JsonObject Load()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WeChat", "menu.json"))
            .Replace("{PublicBaseUrl}", publicUrl.Value.PublicBaseUrl.TrimEnd('/'), StringComparison.Ordinal);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Every way the menu breaks WeChat's rules or our routes; empty when it can be published.</summary>
    public static IReadOnlyList<string> Problems(JsonObject menu)
    {
        var problems = new List<string>();
        var buttons = menu["button"] as JsonArray ?? [];
        if (buttons.Count is < 1 or > 3)
            problems.Add($"the menu has {buttons.Count} top-level buttons; WeChat allows 1 to 3");
        foreach (var button in buttons.OfType<JsonObject>())
        {
            var name = (string?)button["name"] ?? "";
            Check(problems, name, Bytes(name) is > 0 and <= 16, "top-level names are 1 to 16 bytes (4 Chinese characters)");
            if (button["sub_button"] is JsonArray subs)
            {
                if (subs.Count is < 1 or > 5)
                    problems.Add($"'{name}' has {subs.Count} sub-buttons; WeChat allows 1 to 5");
                foreach (var sub in subs.OfType<JsonObject>())
                {
                    var subName = (string?)sub["name"] ?? "";
                    Check(problems, subName, Bytes(subName) is > 0 and <= 60, "sub-button names are 1 to 60 bytes");
                    CheckAction(problems, sub);
                }
            }
            else
            {
                CheckAction(problems, button);
            }
        }
        return problems;
    }

    private static void CheckAction(List<string> problems, JsonObject button)
    {
        var name = (string?)button["name"] ?? "";
        var type = (string?)button["type"] ?? "";
        if (KeyTypes.Contains(type))
        {
            var key = (string?)button["key"] ?? "";
            Check(problems, name, Bytes(key) is > 0 and <= 128, "keys are 1 to 128 bytes");
            var route = type == "click" ? $"click:{key}" : type.StartsWith("scancode", StringComparison.Ordinal) ? $"scan:{key}" : null;
            Check(problems, name, route is null || WeChatActions.Routes.ContainsKey(route), $"no action handles the key '{key}'");
        }
        else if (type == "view")
        {
            var url = (string?)button["url"] ?? "";
            Check(problems, name, Bytes(url) <= 1024 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "view buttons need an absolute http(s) URL of at most 1,024 bytes");
        }
        else
        {
            problems.Add($"'{name}' has the unknown type '{type}'");
        }
    }

    private static void Check(List<string> problems, string name, bool valid, string rule)
    {
        if (!valid)
            problems.Add($"'{name}': {rule}");
    }

    private static int Bytes(string value) => Encoding.UTF8.GetByteCount(value);
}
