using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Tests.WeChat;

internal sealed class WeChatJsonTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [TestCase("张三")]
    [TestCase("𠮷野家")]
    [TestCase("<b>&amp;</b> 'quoted'")]
    [TestCase("😀 借阅到期")]
    public void Text_goes_out_as_itself_with_no_unicode_escapes(string text)
    {
        var json = JsonSerializer.Serialize(new { content = text }, WeChatJson.Options);

        json.ShouldBe($"{{\"content\":\"{text}\"}}");
        json.ShouldNotContain("\\u");
    }

    [Test]
    public void The_framework_s_relaxed_encoder_still_escapes_characters_outside_the_bmp()
    {
        var relaxed = JsonSerializer.Serialize("𠮷", Relaxed);

        relaxed.ShouldContain("\\u");
    }

    [Test]
    public void Quotes_backslashes_and_control_characters_are_still_escaped_and_round_trip()
    {
        const string text = "line 1\nline \"2\"\t\\ end\u0001";

        var json = JsonSerializer.Serialize(new { content = text }, WeChatJson.Options);

        JsonDocument.Parse(json).RootElement.GetProperty("content").GetString().ShouldBe(text);
        Encoding.UTF8.GetByteCount(json).ShouldBeGreaterThan(text.Length);
    }

    [Test]
    public void Property_names_are_snake_case()
    {
        JsonSerializer.Serialize(new { ClientMsgId = "x", TemplateId = "t" }, WeChatJson.Options)
            .ShouldBe("{\"client_msg_id\":\"x\",\"template_id\":\"t\"}");
    }
}
