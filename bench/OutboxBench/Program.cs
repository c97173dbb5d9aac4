using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Npgsql;
using WeChatLib.Fakes;

// Fan-out throughput of the notification outbox against the fake WeChat API, as a ratio to the fake's own maximum
// rate measured in the same sitting; then how closely a configured send limit is held. See bench/README.md.
//   OutboxBench [NOTICES] [RUNS]                  fan-out and limit, the Release build with the benchmark's settings
//   OutboxBench drain API_DLL [NOTICES] [RUNS]    the drain as shipped (published build, shipped appsettings.json)
var drain = args.Length > 0 && args[0] == "drain";
var rest = drain ? args[2..] : args;
var notices = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : drain ? 100_000 : 5000;
var runs = rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 3;
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var apiDll = drain ? Path.GetFullPath(args[1]) : Path.Combine(root, "Api/bin/Release/net10.0/WeChatLib.Api.dll");
var postgres = $"Host=127.0.0.1;Port={Environment.GetEnvironmentVariable("WECHATLIB_BENCH_PG_PORT") ?? "15434"};Username=postgres;Database=postgres";
var redis = $"127.0.0.1:{Environment.GetEnvironmentVariable("WECHATLIB_BENCH_REDIS_PORT") ?? "16381"}";

var account = new FakeWeChatAccount("wxbench00000000001", "bench-secret-0123456789abcdef");
await using var fake = await FakeServer.StartAsync(account);

if (drain)
{
    await DrainAsync();
    return;
}

var floor = new List<double>();
for (var i = 0; i < runs; i++)
    floor.Add(await FakeMaximumAsync(fake, account, TimeSpan.FromSeconds(5)));
var fanOut = new List<double>();
for (var i = 0; i < runs; i++)
    fanOut.Add((await FanOutAsync(notices, limit: 1_000_000)).Rate);
var limit = (int)(Median(fanOut) / 4);
var limited = new List<(double Rate, int Peak)>();
for (var i = 0; i < runs; i++)
    limited.Add(await FanOutAsync(Math.Min(notices, limit * 8), limit));

Console.WriteLine($"notices per run: {notices}; runs: {runs}; medians");
Console.WriteLine($"{"measure",-44} {"per second",12} {"ratio",8}");
Console.WriteLine($"{"fake WeChat, accepted sends (floor)",-44} {Median(floor),12:F0} {1.0,8:F2}");
Console.WriteLine($"{"outbox fan-out, 2 instances, no limit",-44} {Median(fanOut),12:F0} {Median(fanOut) / Median(floor),8:F2}");
Console.WriteLine($"{$"outbox with limit {limit}/s: mean rate",-44} {Median(limited.Select(l => l.Rate)),12:F0} {Median(limited.Select(l => l.Rate)) / limit,8:F2}");
Console.WriteLine($"{$"outbox with limit {limit}/s: busiest second",-44} {Median(limited.Select(l => (double)l.Peak)),12:F0} {Median(limited.Select(l => (double)l.Peak)) / limit,8:F2}");

// The fake's own ceiling: 32 concurrent senders posting distinct template messages straight to it.
async Task<double> FakeMaximumAsync(FakeServer server, FakeWeChatAccount credentials, TimeSpan duration)
{
    server.WeChat.Reset();
    using var http = new HttpClient { BaseAddress = server.BaseUrl };
    var token = (await (await http.PostAsJsonAsync("/cgi-bin/stable_token",
        new { grant_type = "client_credential", appid = credentials.AppId, secret = credentials.AppSecret, force_refresh = false }))
        .Content.ReadFromJsonAsync<Dictionary<string, object>>())!["access_token"].ToString();
    var sent = 0;
    var stop = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 32).Select(async worker =>
    {
        for (var n = 0; stop.Elapsed < duration; n++)
        {
            var body = new { touser = $"oFloor{worker:D4}{n:D18}", template_id = "T", client_msg_id = $"{worker}-{n}", data = new { thing1 = new { value = "三体" } } };
            (await http.PostAsJsonAsync($"/cgi-bin/message/template/send?access_token={token}", body)).EnsureSuccessStatusCode();
            Interlocked.Increment(ref sent);
        }
    }));
    return sent / stop.Elapsed.TotalSeconds;
}

// The issue's second figure: NOTICES due notices drained by two instances as shipped, against the fake's floor, each
// run of the one followed by a run of the other; TUNED='Key=Value …' (environment settings) adds a row with them.
async Task DrainAsync()
{
    var tuned = (Environment.GetEnvironmentVariable("TUNED") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
    Console.Error.WriteLine($"service as shipped: {apiDll}, Production, shipped appsettings.json, plain connection string");
    Console.Error.WriteLine("workload settings (no tuning): Outbox:MaxSendsPerSecond=1000000 (the fake has no allowance to keep to), quiet hours off");
    if (tuned.Count > 0)
        Console.Error.WriteLine($"tuned row adds: {string.Join(' ', tuned.Select(kv => $"{kv.Key}={kv.Value}"))}");
    var floorRates = new List<double>();
    var shipped = new List<double>();
    var tunedRates = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        floorRates.Add(await FakeMaximumAsync(fake, account, TimeSpan.FromSeconds(5)));
        shipped.Add((await FanOutAsync(notices, 1_000_000, asShipped: true)).Rate);
        if (tuned.Count > 0)
            tunedRates.Add((await FanOutAsync(notices, 1_000_000, asShipped: true, tuned)).Rate);
        Console.Error.WriteLine($"run {i + 1}: floor {floorRates[^1]:F0}/s, as shipped {shipped[^1]:F0}/s" + (tuned.Count > 0 ? $", tuned {tunedRates[^1]:F0}/s" : ""));
    }
    Console.WriteLine($"notices per run: {notices}; runs: {runs}; medians");
    Console.WriteLine($"{"measure",-52} {"per second",12} {"ratio",8}");
    Console.WriteLine($"{"fake WeChat, accepted sends (floor)",-52} {Median(floorRates),12:F0} {1.0,8:F2}");
    Console.WriteLine($"{"outbox drain, 2 instances, as shipped",-52} {Median(shipped),12:F0} {Median(shipped) / Median(floorRates),8:F2}");
    if (tuned.Count > 0)
        Console.WriteLine($"{"outbox drain, 2 instances, tuned",-52} {Median(tunedRates),12:F0} {Median(tunedRates) / Median(floorRates),8:F2}");
}

// Two service processes drain a queue of notices; the rate is taken from the fake's first acceptance until every
// notice is recorded sent, and every notice must have left exactly once. As
// shipped: no settings beyond what a deployer must give and the workload's, the shipped logging, a plain connection string.
async Task<(double Rate, int Peak)> FanOutAsync(int count, int limit, bool asShipped = false, IReadOnlyDictionary<string, string>? extra = null)
{
    fake.WeChat.Reset();
    var database = $"bench_{Guid.NewGuid():N}";
    await using (var admin = new NpgsqlConnection(postgres))
    {
        await admin.OpenAsync();
        await new NpgsqlCommand($"create database {database}", admin).ExecuteNonQueryAsync();
    }
    var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
    var settings = new Dictionary<string, string>
    {
        ["ConnectionStrings__Postgres"] = connectionString + ";Max Auto Prepare=64",
        ["ConnectionStrings__Redis"] = redis,
        ["Redis__KeyPrefix"] = $"{database}:",
        ["PublicBaseUrl"] = "https://lib.example.edu.cn",
        ["WeChat__AppId"] = account.AppId,
        ["WeChat__AppSecret"] = account.AppSecret,
        ["WeChat__Token"] = "benchtoken",
        ["WeChat__EncodingAesKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        ["WeChat__ApiBaseUrl"] = fake.BaseUrl.ToString(),
        ["WeChat__OAuthBaseUrl"] = fake.BaseUrl.ToString(),
        ["Jwt__SigningKey"] = "bench-signing-key-that-is-long-enough-0123456789",
        ["Notices__QuietHoursStart"] = "00:00",
        ["Notices__QuietHoursEnd"] = "00:00",
        ["Notices__Templates__due-reminder__TemplateId"] = "TEMPLATE_DUE",
        ["Notices__Templates__due-reminder__Fields__thing1"] = "{title:shorten}",
        ["Notices__Templates__due-reminder__Fields__time2"] = "{dueDate:date}",
        ["Outbox__MaxSendsPerSecond"] = limit.ToString(CultureInfo.InvariantCulture),
        ["Outbox__Parallelism"] = "16",
        ["Outbox__PollMilliseconds"] = "100",
        ["Logging__LogLevel__Default"] = "Warning",
    };
    if (asShipped)
    {
        settings["ConnectionStrings__Postgres"] = connectionString;
        settings.Remove("Outbox__Parallelism");
        settings.Remove("Outbox__PollMilliseconds");
        settings.Remove("Logging__LogLevel__Default");
    }
    foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        settings[key] = value;
    await RunAsync(["migrate"], settings);
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        var insert = new NpgsqlCommand("""
            insert into notifications (idempotency_key, kind, channel, openid, fields)
            select 'bench:' || i, 'due-reminder', 'template', 'oBench' || lpad(i::text, 22, '0'),
                   jsonb_build_object('title', '书' || i, 'dueDate', '2026-11-28')
            from generate_series(1, @count) as i
            """, connection);
        insert.Parameters.AddWithValue("count", count);
        await insert.ExecuteNonQueryAsync();
    }
    var processes = Enumerable.Range(0, 2).Select(_ => Start(["--urls", "http://127.0.0.1:0"], settings)).ToList();
    // Stops with an error when the drain makes no progress for a minute, rather than waiting for ever.
    var (seen, progressAt) = (0, Stopwatch.StartNew());
    while (fake.WeChat.Accepted.Count < count)
    {
        await Task.Delay(50);
        if (fake.WeChat.Accepted.Count != seen)
            (seen, progressAt) = (fake.WeChat.Accepted.Count, Stopwatch.StartNew());
        else if (progressAt.Elapsed > TimeSpan.FromMinutes(1))
        {
            processes.ForEach(p => p.Kill());
            throw new InvalidOperationException($"the outbox stopped after {seen} of {count} notices");
        }
    }
    // Drained when the service has recorded every notice sent, not when WeChat has accepted the last one.
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        while ((long)(await new NpgsqlCommand("select count(*) from notifications where state = 'sent'", connection).ExecuteScalarAsync())! < count)
            await Task.Delay(20);
    }
    var drainedAt = DateTimeOffset.UtcNow;
    foreach (var process in processes)
    {
        process.Kill();
        await process.WaitForExitAsync();
    }
    // Counted on our side: a request the fake dropped as a repeat would still be a second send.
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        var attempts = (long)(await new NpgsqlCommand("select count(*) from notification_attempts", connection).ExecuteScalarAsync())!;
        if (attempts != count)
            throw new InvalidOperationException($"{attempts} requests left for {count} notices");
    }
    var times = fake.WeChat.Accepted.Select(m => m.At).Order().ToList();
    var rate = count / (drainedAt - times[0]).TotalSeconds;
    var peak = times.GroupBy(t => t.ToUnixTimeSeconds()).Max(g => g.Count());
    return (rate, peak);
}

async Task RunAsync(string[] arguments, Dictionary<string, string> settings)
{
    var errors = new System.Text.StringBuilder();
    using var process = Start(arguments, settings, line => errors.AppendLine(line));
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
        throw new InvalidOperationException($"WeChatLib.Api {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors}");
}

Process Start(string[] arguments, Dictionary<string, string> settings, Action<string?>? onError = null)
{
    var start = new ProcessStartInfo("dotnet", [apiDll, .. arguments])
    {
        WorkingDirectory = Path.GetDirectoryName(apiDll)!,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    foreach (var (key, value) in settings)
        start.Environment[key] = value;
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => onError?.Invoke(e.Data);
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
