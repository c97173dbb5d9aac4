using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dapper;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Gateway;

/// <summary>
/// Redis stopped under a running service, as an operator would: the chat still answers within WeChat's time, readiness
/// reports the outage at once, and everything returns when Redis does, without a restart.
/// </summary>
// Answers timed against WeChat's limits, and a count of the process-wide meter: run with the machine to itself.
[NonParallelizable]
internal sealed class RedisOutageTests
{
    private const string Reader = "oRedisOutage0000000000000001";

    [Test]
    public async Task With_redis_stopped_the_chat_answers_in_time_and_readiness_fails_fast_then_all_returns_without_a_restart()
    {
        // A Redis of this test's own, so that stopping it disturbs no other test.
        var state = Path.Combine(Path.GetTempPath(), $"wechatlib-redis-outage-{Guid.NewGuid():N}");
        var port = Ports.Free().ToString(CultureInfo.InvariantCulture);
        await Script.RunAsync("services.sh", "start-redis", state, port);
        try
        {
            await using var database = await TestDatabase.CreateAsync();
            await using var api = new ApiFactory(database.ConnectionString);
            api.Settings["ConnectionStrings:Redis"] = $"127.0.0.1:{port}";
            var client = api.CreateClient();
            var wechat = new WeChatSender(client);
            await api.AddReadersAsync(Reader("R0001", name: "赵六"));
            var reader = api.ClientWith((await api.ReaderTokensAsync("R0001", Reader)).AccessToken);
            await database.OpenLibraryAsync();
            await database.AddLoanAsync("R0001", "围城", api.Today(), 10);
            (await ReadyStatus(client)).ShouldBe(HttpStatusCode.OK);
            WeChatSender.ContentOf((await wechat.SafeAsync(WeChatSender.Event(Reader, "CLICK", "MY_LOANS"))).Reply).ShouldContain("《围城》");
            // An instance of an account in plain mode, where only Redis binds a body to its signed nonce.
            await using var plainApi = new ApiFactory(database.ConnectionString);
            plainApi.Settings["ConnectionStrings:Redis"] = $"127.0.0.1:{port}";
            plainApi.Settings["WeChat:MessageMode"] = "plain";
            var plain = new WeChatSender(plainApi.CreateClient());

            await Script.RunAsync("services.sh", "stop-redis", state);
            await WaitUntilRedisIsGone(port);

            // Reading loans changes nothing: the reader gets the real answer, without the dedupe record.
            var (loans, loansTime) = await Timed(() => wechat.SafeAsync(WeChatSender.Event(Reader, "CLICK", "MY_LOANS")));
            // Unbinding changes state and cannot be deduplicated now: a polite "try again later", and nothing changes.
            var (unbind, unbindTime) = await Timed(() => wechat.SafeAsync(WeChatSender.Text(Reader, "确认解绑")));
            var (ready, readyTime) = await Timed(() => ReadyStatus(client));
            // A session that cannot be checked now has not ended: "try again", not "sign in again".
            var (rest, restTime) = await Timed(() => reader.GetAsync(new Uri("/api/v1/me/loans", UriKind.Relative)));
            // In plain mode the body cannot be checked now, so nothing is read out: a polite text instead.
            var (plainLoans, plainTime) = await Timed(() => plain.PlainAsync(WeChatSender.Event(Reader, "CLICK", "MY_LOANS")));

            loans.Status.ShouldBe(200);
            WeChatSender.ContentOf(loans.Reply).ShouldContain("《围城》");
            loansTime.ShouldBeLessThan(TimeSpan.FromSeconds(3));
            unbind.Status.ShouldBe(200);
            WeChatSender.ContentOf(unbind.Reply).ShouldContain("稍后再试");
            unbindTime.ShouldBeLessThan(TimeSpan.FromSeconds(3));
            ready.ShouldBe(HttpStatusCode.ServiceUnavailable);
            readyTime.ShouldBeLessThan(TimeSpan.FromSeconds(2));
            rest.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await rest.ProblemTypeAsync()).ShouldBe("/problems/unavailable");
            rest.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
            restTime.ShouldBeLessThan(TimeSpan.FromSeconds(2));
            plainLoans.Status.ShouldBe(200);
            WeChatSender.ContentOf(plainLoans.Reply).ShouldContain("稍后再试");
            WeChatSender.ContentOf(plainLoans.Reply).ShouldNotContain("围城");
            plainTime.ShouldBeLessThan(TimeSpan.FromSeconds(3));
            await using (var connection = database.Open())
                (await connection.ExecuteScalarAsync<int>("select count(*) from wechat_bindings")).ShouldBe(1);

            await Script.RunAsync("services.sh", "start-redis", state, port);

            await Eventually.HoldsAsync(async () => await ReadyStatus(client) == HttpStatusCode.OK, "readiness returns", TimeSpan.FromSeconds(30));
            WeChatSender.ContentOf((await wechat.SafeAsync(WeChatSender.Event(Reader, "CLICK", "MY_LOANS"))).Reply).ShouldContain("《围城》");
            // The dialog that needs Redis works again, and a retry is answered from its record.
            WeChatSender.ContentOf((await wechat.SafeAsync(WeChatSender.Text(Reader, "解绑"))).Reply).ShouldContain("确认解绑");
            var retried = WeChatSender.Text(Reader, "借阅");
            using var handled = new HandledMessages();
            var first = await wechat.SafeAsync(retried);
            var retry = await wechat.SafeAsync(retried);
            WeChatSender.ContentOf(retry.Reply).ShouldBe(WeChatSender.ContentOf(first.Reply));
            handled.Count.ShouldBe(1);
        }
        finally
        {
            await Script.RunAsync("services.sh", "stop-redis", state);
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<(T Result, TimeSpan Elapsed)> Timed<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        var result = await action();
        return (result, watch.Elapsed);
    }

    private static async Task<HttpStatusCode> ReadyStatus(HttpClient client) =>
        (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode;

    // The stop script signals Redis; the test goes on once the port refuses connections.
    private static async Task WaitUntilRedisIsGone(string port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
            }
            catch (System.Net.Sockets.SocketException)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException("Redis did not stop.");
    }
}
