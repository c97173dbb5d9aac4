using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Gateway;

/// <summary>What readers write and who they are stay out of the logs and out of keys that staff can read.</summary>
internal sealed class ReaderPrivacyTests
{
    private const string Reader = "oPrivacy000000000000000000001";
    private const string Words = "我的手机号是13800138000请回电";

    [Test]
    public async Task A_late_answer_to_free_text_keeps_the_words_and_the_openid_out_of_logs_and_of_its_notice_key()
    {
        await using var database = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        api.Settings["WeChat:ReplyBudgetMilliseconds"] = "300";
        var wechat = new WeChatSender(api.CreateClient());

        // The help answer looks the reader up: held back past the budget, it is logged and queued as a late answer.
        await using (var blocker = database.Open())
        {
            await using var transaction = await blocker.BeginTransactionAsync();
            await blocker.ExecuteAsync("lock table wechat_bindings in access exclusive mode", transaction: transaction);
            var (status, reply) = await wechat.SafeAsync(WeChatSender.Text(Reader, Words));
            status.ShouldBe(200);
            reply.ShouldBe("success");
            await transaction.RollbackAsync();
        }
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = database.Open();
            return await connection.ExecuteScalarAsync<int>("select count(*) from notifications where kind = 'reply'") == 1;
        }, "the late answer is queued");

        await using var check = database.Open();
        var key = await check.ExecuteScalarAsync<string>("select idempotency_key from notifications where kind = 'reply'");
        key.ShouldStartWith("reply:");
        key.ShouldNotContain(Reader);
        key.ShouldNotContain(Words);
        logs.Entries.ShouldContain(e => e.Contains("text:*", StringComparison.Ordinal), "the route is logged, the words are not");
        logs.Entries.ShouldAllBe(e => !e.Contains(Words) && !e.Contains(Reader));
    }
}
