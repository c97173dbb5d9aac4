using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Gateway;

/// <summary>
/// The configured mode decides; compatible mode trusts the decrypted copy and, like safe mode, refuses a plaintext-only
/// POST; plaintext replays are caught.
/// </summary>
internal sealed class MessageModeTests
{
    [Test]
    public async Task Compatible_mode_trusts_the_decrypted_copy_and_replies_encrypted()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["WeChat:MessageMode"] = "compatible";
        var wechat = new WeChatSender(api.CreateClient());
        const string openId = "oCompat00000000000000000001";

        // The plaintext copy says "bind"; the encrypted one, which alone is signed, says "help".
        var (status, reply) = await wechat.SafeAsync(WeChatSender.Text(openId, "帮助", 11), plaintextCopy: WeChatSender.Text(openId, "绑定", 11));

        status.ShouldBe(200);
        WeChatSender.ContentOf(reply).ShouldContain("您可以");
    }

    // Counts the service's process-wide meter, which every service running alongside also feeds.
    [NonParallelizable]
    [Test]
    public async Task Compatible_mode_refuses_a_plaintext_only_post_like_safe_mode()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["WeChat:MessageMode"] = "compatible";
        var wechat = new WeChatSender(api.CreateClient());
        using var handled = new HandledMessages();

        // Signed as WeChat signs the query, but without encrypt_type=aes: WeChat itself always sends both copies then.
        var (status, body) = await wechat.PlainAsync(WeChatSender.Text("oCompat00000000000000000002", "解绑"));

        status.ShouldBe(401);
        body.ShouldBeEmpty();
        handled.Count.ShouldBe(0);
    }

    [Test]
    public async Task In_plaintext_mode_a_retry_is_answered_from_the_record_and_another_body_under_the_same_nonce_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["WeChat:MessageMode"] = "plain";
        var wechat = new WeChatSender(api.CreateClient());
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var original = WeChatSender.Text("oPlainMode000000000000000001", "帮助", 21);
        var forged = WeChatSender.Text("oPlainMode000000000000000001", "解绑", 22);

        var first = await wechat.PlainAsync(original, timestamp, "777");
        var retry = await wechat.PlainAsync(original, timestamp, "777");
        var swapped = await wechat.PlainAsync(forged, timestamp, "777");
        var encryptedInPlainMode = await wechat.SafeAsync(original);

        first.Status.ShouldBe(200);
        WeChatSender.ContentOf(first.Reply).ShouldContain("您可以");
        retry.Reply.ShouldBe(first.Reply);
        swapped.Status.ShouldBe(401);
        encryptedInPlainMode.Status.ShouldBe(400);
    }

    [TestCase("image", "<PicUrl><![CDATA[http://x/p.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId><MsgId>31</MsgId>", "您可以")]
    [TestCase("voice", "<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[借阅]]></Recognition><MsgId>32</MsgId>", "您可以")]
    [TestCase("video", "<MediaId><![CDATA[m]]></MediaId><ThumbMediaId><![CDATA[t]]></ThumbMediaId><MsgId>33</MsgId>", "您可以")]
    [TestCase("shortvideo", "<MediaId><![CDATA[m]]></MediaId><ThumbMediaId><![CDATA[t]]></ThumbMediaId><MsgId>34</MsgId>", "您可以")]
    [TestCase("location", "<Location_X>23.1</Location_X><Location_Y>113.3</Location_Y><Scale>20</Scale><Label><![CDATA[图书馆]]></Label><MsgId>35</MsgId>", "您可以")]
    [TestCase("link", "<Title><![CDATA[t]]></Title><Description><![CDATA[d]]></Description><Url><![CDATA[http://x]]></Url><MsgId>36</MsgId>", "您可以")]
    [TestCase("event", "<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[42]]></EventKey><Ticket><![CDATA[t]]></Ticket>", "success")]
    [TestCase("event", "<Event><![CDATA[LOCATION]]></Event><Latitude>23.1</Latitude><Longitude>113.3</Longitude><Precision>119</Precision>", "success")]
    [TestCase("event", "<Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[https://lib.example.edu.cn/h5]]></EventKey><MenuId>1</MenuId>", "success")]
    [TestCase("event", "<Event><![CDATA[pic_photo_or_album]]></Event><EventKey><![CDATA[PHOTO]]></EventKey><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item></PicList></SendPicsInfo>", "success")]
    [TestCase("event", "<Event><![CDATA[location_select]]></Event><EventKey><![CDATA[WHERE]]></EventKey><SendLocationInfo><Location_X>23</Location_X><Location_Y>113</Location_Y><Scale>15</Scale><Label><![CDATA[x]]></Label><Poiname><![CDATA[y]]></Poiname></SendLocationInfo>", "success")]
    [TestCase("event", "<Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>1000001625</MsgID><Status><![CDATA[send success]]></Status><TotalCount>100</TotalCount><FilterCount>80</FilterCount><SentCount>75</SentCount><ErrorCount>5</ErrorCount>", "success")]
    [TestCase("event", "<Event><![CDATA[unsubscribe]]></Event><EventKey><![CDATA[]]></EventKey>", "success")]
    [TestCase("event", "<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[NO_SUCH_KEY]]></EventKey>", "success")]
    public async Task Every_inbound_type_is_read_and_answered(string type, string body, string expected)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        var wechat = new WeChatSender(api.CreateClient());

        var (status, reply) = await wechat.SafeAsync(WeChatSender.Xml("oAllTypes000000000000000001", type, body));

        status.ShouldBe(200);
        (reply == "success" ? "success" : WeChatSender.ContentOf(reply)).ShouldContain(expected);
    }
}
