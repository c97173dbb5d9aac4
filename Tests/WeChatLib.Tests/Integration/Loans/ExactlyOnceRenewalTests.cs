using System.Net;
using Dapper;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Loans;

/// <summary>
/// A renewal is applied once however many ask at once: menu clicks that are distinct messages (so the webhook's dedupe
/// cannot be what saves it), H5 taps, and both through two instances of the service. What is counted is the
/// service's own renewal records and loan counters, not anything a fake accepted.
/// </summary>
internal sealed class ExactlyOnceRenewalTests : ServiceTest
{
    private const string OpenId = "oExactlyOnce0000000000000001";
    private const int Concurrent = 20;
    private DateOnly today;

    [SetUp]
    public async Task Prepare()
    {
        Api.Settings["RateLimits:ReaderMessages:PerMinute"] = "1000";
        await Api.AddReadersAsync(Reader("C0001", name: "张三"));
        await Database.OpenLibraryAsync();
        today = Api.Today();
    }

    [Test]
    public async Task Twenty_renew_all_clicks_at_once_as_distinct_messages_renew_each_loan_once()
    {
        await Api.ReaderTokensAsync("C0001", OpenId);
        long[] loans = [await Database.AddLoanAsync("C0001", "活着", today, 3), await Database.AddLoanAsync("C0001", "三体", today, 6),
            await Database.AddLoanAsync("C0001", "围城", today, 9)];
        var wechat = new WeChatSender(Api.CreateClient());
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - Concurrent;

        var replies = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i =>
            wechat.SafeAsync(WeChatSender.Event(OpenId, "CLICK", "RENEW_ALL", createTime: start + i))));

        replies.ShouldAllBe(r => r.Status == 200);
        // Every click ran the renewal (none was taken for a repeat): one renewed all three, the others were told why not.
        var texts = replies.Select(r => WeChatSender.ContentOf(r.Reply)).ToList();
        texts.Count(text => text.Contains("已续借 3 本")).ShouldBe(1);
        texts.Count(text => text.Contains("未续借 3 本") && text.Contains("续借不会延长应还日期")).ShouldBe(Concurrent - 1);
        foreach (var loan in loans)
        {
            (await Database.RenewalRecordsAsync(loan)).ShouldBe(1);
            (await RenewalCount(loan)).ShouldBe(1);
        }
    }

    [Test]
    public async Task Twenty_rest_renewals_of_one_loan_at_once_renew_it_once()
    {
        var reader = Api.ClientWith((await Api.ReaderTokensAsync("C0001", OpenId)).AccessToken);
        var loan = await Database.AddLoanAsync("C0001", "活着", today, 3);

        var responses = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ =>
            reader.PostAsync(Url($"/api/v1/me/loans/{loan}/renewal"), null)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity).ShouldBe(Concurrent - 1);
        (await Database.RenewalRecordsAsync(loan)).ShouldBe(1);
        (await RenewalCount(loan)).ShouldBe(1);
    }

    [Test]
    public async Task Clicks_and_rest_renewals_at_once_through_two_instances_renew_each_loan_once()
    {
        await using var second = new ApiFactory(Database.ConnectionString);
        second.Settings["RateLimits:ReaderMessages:PerMinute"] = "1000";
        var tokens = await Api.ReaderTokensAsync("C0001", OpenId);
        long[] loans = [await Database.AddLoanAsync("C0001", "活着", today, 3), await Database.AddLoanAsync("C0001", "三体", today, 6),
            await Database.AddLoanAsync("C0001", "围城", today, 9)];
        WeChatSender[] webhooks = [new(Api.CreateClient()), new(second.CreateClient())];
        HttpClient[] h5 = [Api.ClientWith(tokens.AccessToken), second.ClientWith(tokens.AccessToken)];
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - Concurrent;

        var clicks = Enumerable.Range(0, Concurrent).Select(i =>
            webhooks[i % 2].SafeAsync(WeChatSender.Event(OpenId, "CLICK", "RENEW_ALL", createTime: start + i))).ToArray();
        var taps = Enumerable.Range(0, Concurrent).Select(i =>
            h5[i % 2].PostAsync(Url($"/api/v1/me/loans/{loans[0]}/renewal"), null)).ToArray();
        await Task.WhenAll(Task.WhenAll(clicks), Task.WhenAll(taps));

        (await Task.WhenAll(taps)).ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.UnprocessableEntity);
        (await Task.WhenAll(clicks)).Select(r => WeChatSender.ContentOf(r.Reply)).ShouldAllBe(text => text.Contains("续借"));
        foreach (var loan in loans)
        {
            (await Database.RenewalRecordsAsync(loan)).ShouldBe(1);
            (await RenewalCount(loan)).ShouldBe(1);
        }
    }

    private async Task<int> RenewalCount(long loanId)
    {
        await using var connection = Database.Open();
        return await connection.ExecuteScalarAsync<int>("select renewal_count from loans where id = @loanId", new { loanId });
    }
}
