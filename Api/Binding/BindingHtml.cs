using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace WeChatLib.Api.Binding;

/// <summary>The binding pages' HTML: small, server-rendered, readable in WeChat's in-app browser on a phone.</summary>
public static class BindingHtml
{
    private const string Style = """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;
        background:#f5f6f7;color:#1f2328}main{max-width:480px;margin:0 auto;padding:24px 16px}
        h1{font-size:22px;margin:8px 0 4px}p.en,span.en{color:#6a737d;font-size:13px}.card{background:#fff;border-radius:12px;
        padding:20px 16px;margin-top:16px}label{display:block;margin:12px 0 4px;font-weight:600}input{width:100%;padding:12px;
        font-size:17px;border:1px solid #d0d7de;border-radius:8px}button,a.button{display:block;width:100%;margin-top:20px;
        padding:13px;font-size:17px;border:0;border-radius:8px;background:#07c160;color:#fff;text-align:center;
        text-decoration:none}a.secondary{background:#fff;color:#07c160;border:1px solid #07c160}.or{text-align:center;
        color:#6a737d;margin-top:16px}.ok{color:#07c160}.error{color:#cf222e}
        """;

    public static string Page(string title, string body) =>
        $"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>{Style}</style>
        </head>
        <body><main>{body}</main></body>
        </html>
        """;

    public static string Form(string csrf, string? error, bool campusLogin) => Page("绑定借书证", $"""
        <h1>绑定借书证</h1>
        <p class="en">Bind your library card to WeChat</p>
        <form class="card" method="post" action="/bind/pin">
          {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
          <input type="hidden" name="csrf" value="{E(csrf)}">
          <label for="card">借书证号 <span class="en">Card number</span></label>
          <input id="card" name="card" autocomplete="username" autocapitalize="off" required maxlength="32">
          <label for="pin">密码 <span class="en">PIN</span></label>
          <input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="current-password" required maxlength="12">
          <button type="submit">绑定 Bind</button>
        </form>
        {(campusLogin ? """<p class="or">或 <span class="en">or</span></p><a class="button secondary" href="/bind/cas/start">统一身份认证登录 <span class="en">Campus login</span></a><p class="or">未设置密码的借书证请用统一身份认证登录。<span class="en">No PIN? Use the campus login.</span></p>""" : "")}
        """);

    public static string Result(bool success, string heading, string message, string english, bool tryAgain = false) => Page(heading, $"""
        <h1 class="{(success ? "ok" : "error")}">{E(heading)}</h1>
        <div class="card"><p>{E(message)}</p><p class="en">{E(english)}</p>
        {(tryAgain ? """<a class="button secondary" href="/bind/form">重新填写 <span class="en">Try again</span></a>""" : "")}
        </div>
        """);

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string E(string text) => Encoder.Encode(text);
}
