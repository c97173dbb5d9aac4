using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using WeChatLib.Infrastructure.WeChat.Protocol;

// A load generator for the webhook: pre-generates fresh signed safe-mode CLICK MY_LOANS (or RENEW_ALL) messages
// (each a new dedupe key, all inside the timestamp window) and sends them closed-loop (saturation) or open-loop (a
// paced rate, latency measured from each request's scheduled time). Prints one line: target, req/s, p50, p90, p99,
// errors. Targets: wechat (CLICK MY_LOANS) and floor (its I/O) for the MY_LOANS readers; renew (CLICK RENEW_ALL) and
// renew-floor (its I/O) for the RENEW_ALL readers; bare and peer-bare (a constant); peer (the Node peer's MY_LOANS).
//   --url http://127.0.0.1:18080 --target wechat|floor|renew|renew-floor|bare|peer|peer-bare --mode closed|open
//   --connections 64 --seconds 10 --rate 1000 --token T --appid A --aeskey K
var options = Options.Parse(args);
var requests = Prepare(options);
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
})
{ BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(10) };

// Warm-up: connections, JIT, prepared statements.
await RunClosedAsync(http, requests, options.Connections, TimeSpan.FromSeconds(3), warmUp: true);
var (count, errors, latencies, elapsed) = options.Mode == "open"
    ? await RunOpenAsync(http, requests, options.Rate, TimeSpan.FromSeconds(options.Seconds))
    : await RunClosedAsync(http, requests, options.Connections, TimeSpan.FromSeconds(options.Seconds), warmUp: false);
latencies.Sort();
double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Target} {options.Mode} rps={count / elapsed.TotalSeconds:F0} p50={P(0.50):F2}ms p90={P(0.90):F2}ms p99={P(0.99):F2}ms errors={errors}"));

static async Task<(int, int, List<double>, TimeSpan)> RunClosedAsync(HttpClient http, Request[] requests, int connections, TimeSpan duration, bool warmUp)
{
    var next = warmUp ? requests.Length / 2 : 0;
    var errors = 0;
    var all = new List<double>[connections];
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
    {
        var mine = all[c] = [];
        while (clock.Elapsed < duration)
        {
            var request = requests[Interlocked.Increment(ref next) % requests.Length];
            var started = Stopwatch.GetTimestamp();
            if (!await SendAsync(http, request))
                Interlocked.Increment(ref errors);
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }));
    var latencies = all.SelectMany(l => l).ToList();
    return (latencies.Count, errors, latencies, clock.Elapsed);
}

static async Task<(int, int, List<double>, TimeSpan)> RunOpenAsync(HttpClient http, Request[] requests, int rate, TimeSpan duration)
{
    var total = (int)(rate * duration.TotalSeconds);
    var latencies = new double[total];
    var errors = 0;
    var clock = Stopwatch.StartNew();
    var inFlight = new Task[total];
    // A dedicated thread paces the sends with short sleeps: spinning would take a core from the server.
    var pacer = new Thread(() =>
    {
        for (var i = 0; i < total; i++)
        {
            var scheduled = TimeSpan.FromSeconds((double)i / rate);
            var ahead = scheduled - clock.Elapsed;
            if (ahead > TimeSpan.FromMilliseconds(1))
                Thread.Sleep(ahead);
            var index = i;
            inFlight[i] = Task.Run(async () =>
            {
                if (!await SendAsync(http, requests[index % requests.Length]))
                    Interlocked.Increment(ref errors);
                // From the scheduled moment, so that a stall counts for every request it delayed.
                latencies[index] = (clock.Elapsed - scheduled).TotalMilliseconds;
            });
        }
    }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
    pacer.Start();
    await Task.Run(pacer.Join);
    await Task.WhenAll(inFlight);
    return (total, errors, [.. latencies], clock.Elapsed);
}

static async Task<bool> SendAsync(HttpClient http, Request request)
{
    try
    {
        using var message = new HttpRequestMessage(request.Body is null ? HttpMethod.Get : HttpMethod.Post, request.PathAndQuery);
        if (request.Body is not null)
            message.Content = new ByteArrayContent(request.Body);
        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && body.Length > 0;
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        return false;
    }
}

static Request[] Prepare(Options options)
{
    var count = Math.Max(200_000, options.Rate * (options.Seconds + 4));
    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    var crypto = new WeChatCrypto(options.AesKey, options.AppId);
    // bench/gateway/seed.sql binds 20,000 MY_LOANS readers as the peer's seed does, 'o' || left(md5('reader' || i), 27),
    // and 4,000 RENEW_ALL readers, 'o' || left(md5('renewer' || i), 27), each with 5 loans renewable up to 99 times.
    var renewing = options.Target is "renew" or "renew-floor";
    var openIds = renewing ? OpenIds("renewer", 4000) : OpenIds("reader", 20000);
    return [.. Enumerable.Range(0, count).AsParallel().AsOrdered().Select(i =>
    {
        var openId = openIds[i % openIds.Length];
        // A new CreateTime for each pass over the readers: every request is a new dedupe key, all in the window.
        var createTime = now - i / openIds.Length;
        return options.Target switch
        {
            "bare" => new Request("/bench/bare", null),
            "peer-bare" => new Request("/bare", null),
            "floor" => new Request($"/bench/io-floor?openid={openId}&key={openId}:{createTime}", []),
            "renew-floor" => new Request($"/bench/renew-floor?openid={openId}&key={openId}:{createTime}", []),
            _ => Signed(options, crypto, openId, createTime, now, i, renewing ? "RENEW_ALL" : "MY_LOANS"),
        };
    })];
}

static string[] OpenIds(string prefix, int readers)
{
#pragma warning disable CA5351 // MD5 only names the readers, as the seed does
    return [.. Enumerable.Range(1, readers)
        .Select(i => "o" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{prefix}{i}")))[..27])];
#pragma warning restore CA5351
}

static Request Signed(Options options, WeChatCrypto crypto, string openId, long createTime, long now, int i, string eventKey)
{
    var xml = $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName>"
        + $"<CreateTime>{createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>"
        + $"<EventKey><![CDATA[{eventKey}]]></EventKey></xml>";
    var encrypt = crypto.Encrypt(xml);
    var ts = now.ToString(CultureInfo.InvariantCulture);
    var nonce = (1_000_000 + i).ToString(CultureInfo.InvariantCulture);
    var path = $"/wechat/callback?signature={WeChatSignature.Compute(options.Token, ts, nonce)}&timestamp={ts}&nonce={nonce}"
        + $"&openid={openId}&encrypt_type=aes&msg_signature={WeChatSignature.Compute(options.Token, ts, nonce, encrypt)}";
    return new Request(path, Encoding.UTF8.GetBytes($"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"));
}

internal sealed record Request(string PathAndQuery, byte[]? Body);

internal sealed record Options(string Url, string Target, string Mode, int Connections, int Seconds, int Rate, string Token, string AppId, string AesKey)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        return new Options(Get("url", "http://127.0.0.1:18080"), Get("target", "wechat"), Get("mode", "closed"),
            int.Parse(Get("connections", "64"), CultureInfo.InvariantCulture), int.Parse(Get("seconds", "10"), CultureInfo.InvariantCulture),
            int.Parse(Get("rate", "1000"), CultureInfo.InvariantCulture), Get("token", "benchtoken"), Get("appid", "wxbench00000000001"),
            Get("aeskey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
    }
}
