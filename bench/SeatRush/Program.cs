using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Web;
using Npgsql;
using WeChatLib.Fakes;

// The 7 a.m. seat rush: 2,000 seats in five zones, 10,000 bound readers signed in through the service's own WeChat
// sign-in, booking opens and every reader asks at once for the best free seat of a zone through the real HTTP API,
// against a floor (one plain single-row insert per transaction, the same concurrency, the same database) measured in
// the same sitting. Every run checks in the database that no seat and no reader holds two live bookings, and fails
// loudly when an invariant breaks. See bench/README.md.
//   SeatRush API_DLL [RUNS]     CONNECTIONS (default 128) concurrent requests; TUNED='Key=Value …' adds a row of its own
var apiDll = Path.GetFullPath(args.Length > 0 ? args[0] : throw new ArgumentException("usage: SeatRush API_DLL [RUNS]"));
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var connections = int.Parse(Environment.GetEnvironmentVariable("CONNECTIONS") ?? "128", CultureInfo.InvariantCulture);
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var pgPort = Environment.GetEnvironmentVariable("WECHATLIB_BENCH_PG_PORT") ?? "15434";
var redisPort = Environment.GetEnvironmentVariable("WECHATLIB_BENCH_REDIS_PORT") ?? "16381";
var apiPort = Environment.GetEnvironmentVariable("WECHATLIB_BENCH_API_PORT") ?? "18083";
var tuned = (Environment.GetEnvironmentVariable("TUNED") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
    .Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
const string Database = "wechatlib_seat_rush";
const int Seats = 2000;
const int Readers = 10_000;
const string AdminPassword = "bench-admin-password-0123456789";
var admin = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Database=postgres";
var connectionString = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Database={Database}";

var account = new FakeWeChatAccount("wxbench00000000001", "bench-secret-0123456789abcdef");
await using var fake = await FakeServer.StartAsync(account);

// What a deployer gives (the seat-booked template too: the confirmation is sent during the rush, as in service), and one
// workload setting: RateLimits:Auth:PerMinute, since 10,000 readers sign in from this one address before the rush.
var settings = new Dictionary<string, string>
{
    ["ConnectionStrings__Postgres"] = connectionString,
    ["ConnectionStrings__Redis"] = $"127.0.0.1:{redisPort}",
    ["Redis__KeyPrefix"] = "seat-rush:",
    ["PublicBaseUrl"] = "https://lib.example.edu.cn",
    ["WeChat__AppId"] = account.AppId,
    ["WeChat__AppSecret"] = account.AppSecret,
    ["WeChat__Token"] = "benchtoken",
    ["WeChat__EncodingAesKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    ["WeChat__ApiBaseUrl"] = fake.BaseUrl.ToString(),
    ["WeChat__OAuthBaseUrl"] = fake.BaseUrl.ToString(),
    ["Jwt__SigningKey"] = "bench-signing-key-that-is-long-enough-0123456789",
    ["Notices__Templates__seat-booked__TemplateId"] = "TEMPLATE_SEAT_BOOKED",
    ["Notices__Templates__seat-booked__Fields__thing1"] = "{zone:shorten}",
    ["Notices__Templates__seat-booked__Fields__character_string2"] = "{seat}",
    ["Notices__Templates__seat-booked__Fields__time3"] = "{starts}",
    ["Notices__Templates__seat-booked__Fields__time4"] = "{checkInBy}",
    ["RateLimits__Auth__PerMinute"] = "1000000",
};
Console.Error.WriteLine($"service as shipped: {apiDll}, Production, shipped appsettings.json, plain connection string");
Console.Error.WriteLine("workload setting (no tuning): RateLimits:Auth:PerMinute=1000000 (10,000 sign-ins from one address before the rush)");
Console.Error.WriteLine($"concurrency: {connections} requests in flight (booking rush and floor alike)");
if (tuned.Count > 0)
    Console.Error.WriteLine($"tuned row adds: {string.Join(' ', tuned.Select(kv => $"{kv.Key}={kv.Value}"))}");

await SeedAsync();
var zones = await ZonesAsync();
var rushNumber = 0;
var floorRuns = new List<Floor>();
var rushRuns = new List<Rush>();
var tunedRuns = new List<Rush>();
await using (var service = await Service.StartAsync(apiDll, apiPort, settings))
{
    var staff = await service.StaffTokenAsync(AdminPassword);
    var readers = await SignInAsync(service);
    var signedInAt = Stopwatch.StartNew();
    // One untimed rush: the JIT, the pools and the prepared statements settle; its invariants are checked all the same.
    Console.Error.WriteLine($"warm-up: {await RushAsync(service, staff, readers)}");
    for (var run = 1; run <= runs; run++)
    {
        // Access tokens last 15 minutes (Jwt:AccessTokenMinutes): the readers sign in again before theirs run out.
        if (signedInAt.Elapsed > TimeSpan.FromMinutes(10))
            (readers, signedInAt) = (await SignInAsync(service), Stopwatch.StartNew());
        floorRuns.Add(await FloorAsync());
        rushRuns.Add(await RushAsync(service, staff, readers));
        Console.Error.WriteLine($"run {run}: floor {floorRuns[^1]}; rush {rushRuns[^1]}");
    }
}
if (tuned.Count > 0)
{
    await using var service = await Service.StartAsync(apiDll, apiPort, new Dictionary<string, string>(settings.Concat(tuned)));
    var staff = await service.StaffTokenAsync(AdminPassword);
    var readers = await SignInAsync(service);
    Console.Error.WriteLine($"tuned warm-up: {await RushAsync(service, staff, readers)}");
    for (var run = 1; run <= runs; run++)
    {
        tunedRuns.Add(await RushAsync(service, staff, readers));
        Console.Error.WriteLine($"tuned run {run}: rush {tunedRuns[^1]}");
    }
}

var floorRate = Median(floorRuns.Select(f => f.PerSecond));
Console.WriteLine($"seats: {Seats} in {zones.Distinct().Count()} zones; readers: {Readers}; concurrency: {connections}; runs: {runs}; medians");
Console.WriteLine($"{"measure",-62} {"figure",12} {"ratio",8}");
Row("floor: single-row insert transactions /s", floorRate, 1);
Row("floor: p50 / p99 ms", Median(floorRuns.Select(f => f.P50)), null, Median(floorRuns.Select(f => f.P99)));
Report("rush", rushRuns);
if (tuned.Count > 0)
    Report("rush, tuned", tunedRuns);

void Report(string name, List<Rush> rushes)
{
    Row($"{name}: booking requests answered /s (all {Readers})", Median(rushes.Select(r => r.PerSecond)), Median(rushes.Select(r => r.PerSecond)) / floorRate);
    Row($"{name}: bookings made /s (first request to last booking)", Median(rushes.Select(r => r.BookingsPerSecond)),
        Median(rushes.Select(r => r.BookingsPerSecond)) / floorRate);
    Row($"{name}: booking p50 / p99 ms", Median(rushes.Select(r => r.P50)), null, Median(rushes.Select(r => r.P99)));
    Row($"{name}: bookings made / taken / refused / errors", rushes[^1].Booked, null, rushes[^1].Taken, rushes[^1].Refused, rushes[^1].Errors);
    Row($"{name}: double-booked seats / readers with two (database)", rushes[^1].DoubleSeats, null, rushes[^1].DoubleReaders);
    Row($"{name}: zone list during the rush p50 / p99 ms", Median(rushes.Select(r => r.ZonesP50)), null, Median(rushes.Select(r => r.ZonesP99)));
    Row($"{name}: zone list idle p50 / p99 ms", Median(rushes.Select(r => r.IdleZonesP50)), null, Median(rushes.Select(r => r.IdleZonesP99)));
}

static void Row(string measure, double figure, double? ratio, params double[] more)
{
    var text = string.Join(" / ", new[] { figure }.Concat(more).Select(v => v.ToString(v >= 100 || v == Math.Floor(v) ? "F0" : "F1", CultureInfo.InvariantCulture)));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{measure,-62} {text,12} {(ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : ""),8}"));
}

// A fresh database per sitting: migrated by the service's own command, seeded by bench/seat-rush/seed.sql, one admin.
async Task SeedAsync()
{
    await using (var connection = new NpgsqlConnection(admin))
    {
        await connection.OpenAsync();
        await new NpgsqlCommand($"drop database if exists {Database} with (force)", connection).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"create database {Database}", connection).ExecuteNonQueryAsync();
    }
    await Service.RunAsync(apiDll, ["migrate"], settings);
    await ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(root, "bench/seat-rush/seed.sql")));
    await Service.RunAsync(apiDll, ["create-admin", "benchadmin"], settings, AdminPassword);
}

async Task<List<long>> ZonesAsync()
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var reader = await new NpgsqlCommand("select z.id, count(*) from seat_zones z join seats s on s.zone_id = z.id group by z.id order by z.id", connection)
        .ExecuteReaderAsync();
    var found = new List<(long Id, long Seats)>();
    while (await reader.ReadAsync())
        found.Add((reader.GetInt64(0), reader.GetInt64(1)));
    if (found.Sum(z => z.Seats) != Seats)
        throw new InvalidOperationException($"the seed made {found.Sum(z => z.Seats)} seats, not {Seats}");
    // Each zone asked for by readers in proportion to its seats: five readers a seat everywhere.
    return [.. found.SelectMany(z => Enumerable.Repeat(z.Id, (int)(z.Seats * Readers / Seats)))];
}

async Task ExecuteAsync(string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
    await command.ExecuteNonQueryAsync();
}

async Task<long> ScalarAsync(string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    return Convert.ToInt64(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

// Every reader signs in as an H5 page in WeChat does: the start sets a state cookie, WeChat returns a code, the page posts both.
async Task<string[]> SignInAsync(Service service)
{
    var openIds = Enumerable.Range(1, Readers).Select(i => string.Create(CultureInfo.InvariantCulture, $"oSeatReader{i:D10}")).ToArray();
    var tokens = new string[Readers];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < Readers; i = Interlocked.Increment(ref next))
        {
            using var start = await service.Http.GetAsync(new Uri("/api/v1/auth/wechat/start", UriKind.Relative));
            if (start.StatusCode != HttpStatusCode.Redirect)
                throw new InvalidOperationException($"GET /api/v1/auth/wechat/start answered {(int)start.StatusCode}");
            var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];
            var cookie = start.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("wl_signin_state=", StringComparison.Ordinal));
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/auth/wechat", UriKind.Relative))
            {
                Content = JsonContent.Create(new { code = fake.WeChat.IssueOAuthCode(openIds[i]), state }),
            };
            request.Headers.Add("Cookie", cookie);
            using var answer = await service.Http.SendAsync(request);
            var body = await answer.Content.ReadFromJsonAsync<JsonObject>();
            tokens[i] = (string?)body?["tokens"]?["accessToken"]
                ?? throw new InvalidOperationException($"POST /api/v1/auth/wechat answered {(int)answer.StatusCode}: {body}");
        }
    }));
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Readers} readers signed in through POST /api/v1/auth/wechat in {clock.Elapsed.TotalSeconds:F1} s"));
    return tokens;
}

// Each run starts from no bookings, no notices and closed zones.
async Task ResetAsync()
{
    await ExecuteAsync("""
        update seat_zones set enabled = false;
        truncate seat_bookings, notification_attempts, notifications, bench_floor_bookings cascade;
        delete from audit_log where action like 'seat.%';
        """);
    await ExecuteAsync("vacuum analyze seat_bookings, notifications, notification_attempts, bench_floor_bookings, audit_log");
}

// The floor: as many single-row inserts as the rush sends requests, each its own transaction, CONNECTIONS at once on one pool.
async Task<Floor> FloorAsync()
{
    await ResetAsync();
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    var latencies = new double[Readers];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < Readers; i = Interlocked.Increment(ref next))
        {
            var started = Stopwatch.GetTimestamp();
            await using var command = dataSource.CreateCommand(
                "insert into bench_floor_bookings (seat_id, patron_id, during) values ($1, $2, tstzrange(now(), now() + interval '4 hours', '[)'))");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i % Seats + 1 });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i + 1 });
            await command.ExecuteNonQueryAsync();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
    var elapsed = clock.Elapsed;
    var written = await ScalarAsync("select count(*) from bench_floor_bookings");
    if (written != Readers)
        throw new InvalidOperationException($"the floor wrote {written} rows, not {Readers}");
    Array.Sort(latencies);
    return new Floor(Readers / elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
}

async Task<Rush> RushAsync(Service service, string staff, string[] readers)
{
    await ResetAsync();
    var order = Enumerable.Range(0, Readers).ToArray();
    var number = ++rushNumber;
    new Random(20261201 + number).Shuffle(order);
    var askedZones = zones.ToArray();
    new Random(1201).Shuffle(askedZones);
    var bodies = order.Select(i => JsonContent.Create(new { zoneId = askedZones[i] })).ToArray();
    foreach (var body in bodies)
        await body.LoadIntoBufferAsync();

    // Booking opens: staff switch the zones on (which also drops the kept free counts), then every reader asks at once.
    foreach (var zone in zones.Distinct())
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/api/v1/staff/seat-zones/{zone}", UriKind.Relative))
        { Content = JsonContent.Create(new { enabled = true }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staff);
        using var answer = await service.Http.SendAsync(request);
        if (!answer.IsSuccessStatusCode)
            throw new InvalidOperationException($"PATCH /api/v1/staff/seat-zones/{zone} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
    }

    var latencies = new double[Readers];
    var outcomes = new string[Readers];
    var bookedIds = new long[Readers];
    var lastBooking = 0L;
    var next = -1;
    using var rushOver = new CancellationTokenSource();
    var started = Stopwatch.GetTimestamp();
    // Two readers keep the floor view's zone list open through the rush: its latency while every booking is made.
    var zoneLists = Task.WhenAll(Enumerable.Range(0, 2).Select(p => ZoneListsAsync(service, readers[p], rushOver.Token)));
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
    {
        for (var n = Interlocked.Increment(ref next); n < Readers; n = Interlocked.Increment(ref next))
        {
            var reader = order[n];
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/me/seat-bookings", UriKind.Relative)) { Content = bodies[n] };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", readers[reader]);
                request.Headers.Add("Idempotency-Key", $"rush-{number}-{reader}");
                using var answer = await service.Http.SendAsync(request);
                var body = await answer.Content.ReadFromJsonAsync<JsonObject>();
                latencies[n] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                switch (answer.StatusCode, ((string?)body?["type"])?.Split('/')[^1])
                {
                    case (HttpStatusCode.Created, _):
                        outcomes[n] = "booked";
                        bookedIds[n] = (long)body!["id"]!;
                        var at = Stopwatch.GetTimestamp();
                        long seen;
                        while ((seen = Interlocked.Read(ref lastBooking)) < at && Interlocked.CompareExchange(ref lastBooking, at, seen) != seen)
                        {
                        }
                        break;
                    case (HttpStatusCode.Conflict, "seat-taken"):
                        outcomes[n] = "taken";
                        break;
                    case (HttpStatusCode.UnprocessableEntity, "seat-refused"):
                        outcomes[n] = "refused: " + string.Join(",", body!["reasons"]!.AsArray().Select(r => (string?)r!["code"]));
                        break;
                    default:
                        outcomes[n] = $"error: {(int)answer.StatusCode} {body?["type"]}";
                        break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                latencies[n] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                outcomes[n] = $"error: {e.GetType().Name}";
            }
        }
    }));
    var elapsed = Stopwatch.GetElapsedTime(started);
    await rushOver.CancelAsync();
    var during = (await zoneLists).SelectMany(l => l).Order().ToArray();
    var bookingSpan = TimeSpan.FromTicks((long)((lastBooking - started) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));

    // The invariants, counted in the database.
    var live = await ScalarAsync("select count(*) from seat_bookings where status in ('booked', 'checked_in', 'on_leave')");
    var seatsTaken = await ScalarAsync("select count(distinct seat_id) from seat_bookings where status in ('booked', 'checked_in', 'on_leave')");
    var doubleSeats = await ScalarAsync("""
        select count(*) from seat_bookings a join seat_bookings b on a.seat_id = b.seat_id and a.id < b.id and a.during && b.during
        where a.status in ('booked', 'checked_in', 'on_leave') and b.status in ('booked', 'checked_in', 'on_leave')
        """);
    var doubleReaders = await ScalarAsync("""
        select count(*) from (select patron_id from seat_bookings where status in ('booked', 'checked_in', 'on_leave')
                              group by patron_id having count(*) > 1) as twice
        """);
    var answeredIds = bookedIds.Where(id => id > 0).Distinct().ToArray();
    long matching;
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from seat_bookings where id = any($1) and status = 'booked'", connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = answeredIds });
        matching = (long)(await command.ExecuteScalarAsync())!;
    }

    // After the rush: the zone list idle, and its free counts once the two seconds they are kept have passed.
    await Task.Delay(TimeSpan.FromSeconds(2.2));
    var zoneList = await service.GetJsonAsync("/api/v1/seat-zones", readers[0]);
    var freeAfter = zoneList.AsArray().Sum(z => (int)z!["freeNow"]!);
    using var idleOver = new CancellationTokenSource(TimeSpan.FromSeconds(2));
    var idle = (await ZoneListsAsync(service, readers[1], idleOver.Token)).Order().ToArray();

    Array.Sort(latencies);
    var rush = new Rush(Readers / elapsed.TotalSeconds, live / Math.Max(bookingSpan.TotalSeconds, 1e-3), Percentile(latencies, 0.50), Percentile(latencies, 0.99),
        outcomes.Count(o => o == "booked"), outcomes.Count(o => o == "taken"), outcomes.Count(o => o.StartsWith("refused", StringComparison.Ordinal)),
        outcomes.Count(o => o.StartsWith("error", StringComparison.Ordinal)), doubleSeats, doubleReaders,
        Percentile(during, 0.50), Percentile(during, 0.99), during.Length, Percentile(idle, 0.50), Percentile(idle, 0.99), elapsed.TotalSeconds);

    List<string> broken = [];
    if (rush.Booked != Seats || live != Seats || seatsTaken != Seats)
        broken.Add($"{rush.Booked} bookings answered, {live} live in the database over {seatsTaken} seats; {Seats} expected");
    if (matching != answeredIds.Length || answeredIds.Length != rush.Booked)
        broken.Add($"{rush.Booked} bookings answered, {matching} of them found live in the database");
    if (doubleSeats != 0)
        broken.Add($"{doubleSeats} pairs of overlapping live bookings of one seat");
    if (doubleReaders != 0)
        broken.Add($"{doubleReaders} readers with more than one live booking");
    if (rush.Errors != 0)
        broken.Add($"{rush.Errors} errors: {string.Join("; ", outcomes.Where(o => o.StartsWith("error", StringComparison.Ordinal)).GroupBy(o => o).Select(g => $"{g.Key} ×{g.Count()}"))}");
    if (rush.Refused != 0)
        broken.Add($"{rush.Refused} refusals: {string.Join("; ", outcomes.Where(o => o.StartsWith("refused", StringComparison.Ordinal)).GroupBy(o => o).Select(g => $"{g.Key} ×{g.Count()}"))}");
    if (freeAfter != 0)
        broken.Add($"the zone list still shows {freeAfter} free seats after every seat was booked");
    if (broken.Count > 0)
        throw new InvalidOperationException("the rush broke an invariant: " + string.Join(" | ", broken) + $" ({rush})");
    return rush;
}

static async Task<List<double>> ZoneListsAsync(Service service, string token, CancellationToken stop)
{
    var latencies = new List<double>();
    while (!stop.IsCancellationRequested)
    {
        var sent = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/seat-zones", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await service.Http.SendAsync(request, CancellationToken.None);
        if (answer.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /api/v1/seat-zones answered {(int)answer.StatusCode}");
        await answer.Content.ReadAsByteArrayAsync(CancellationToken.None);
        latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
    }
    return latencies;
}

static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed record Floor(double PerSecond, double P50, double P99)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PerSecond:F0} inserts/s, p50 {P50:F1} ms, p99 {P99:F1} ms");
}

internal sealed record Rush(double PerSecond, double BookingsPerSecond, double P50, double P99, int Booked, int Taken, int Refused, int Errors,
    long DoubleSeats, long DoubleReaders, double ZonesP50, double ZonesP99, int ZoneLists, double IdleZonesP50, double IdleZonesP99, double Seconds)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Seconds:F2} s, {PerSecond:F0} requests/s, {BookingsPerSecond:F0} bookings/s, p50 {P50:F1} ms, p99 {P99:F1} ms; booked {Booked}, taken {Taken}, " +
        $"refused {Refused}, errors {Errors}; double-booked seats {DoubleSeats}, readers with two {DoubleReaders}; " +
        $"zone list during the rush p50 {ZonesP50:F1} ms, p99 {ZonesP99:F1} ms ({ZoneLists} lists), idle p50 {IdleZonesP50:F1} ms, p99 {IdleZonesP99:F1} ms");
}

/// <summary>The published build, started from its own folder in Production with the shipped appsettings.json.</summary>
internal sealed class Service : IAsyncDisposable
{
    private readonly Process _process;

    private Service(Process process, HttpClient http)
    {
        _process = process;
        Http = http;
    }

    public HttpClient Http { get; }

    public static async Task<Service> StartAsync(string apiDll, string port, IReadOnlyDictionary<string, string> settings)
    {
        var process = Start(apiDll, ["--urls", $"http://127.0.0.1:{port}"], settings, null);
        var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = 1024,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(300))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the service exited with {process.ExitCode} on start");
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
                throw new InvalidOperationException("the service did not become ready in a minute");
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                    break;
            }
            catch (HttpRequestException)
            {
            }
        }
        return new Service(process, http);
    }

    public async Task<string> StaffTokenAsync(string password)
    {
        using var answer = await Http.PostAsJsonAsync(new Uri("/api/v1/auth/staff/login", UriKind.Relative), new { username = "benchadmin", password });
        var body = await answer.Content.ReadFromJsonAsync<JsonObject>();
        return (string?)body?["accessToken"] ?? throw new InvalidOperationException($"could not sign in as benchadmin: {(int)answer.StatusCode} {body}");
    }

    public async Task<JsonNode> GetJsonAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await Http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public static async Task RunAsync(string apiDll, string[] arguments, IReadOnlyDictionary<string, string> settings, string? input = null)
    {
        var errors = new System.Text.StringBuilder();
        using var process = Start(apiDll, arguments, settings, line => errors.AppendLine(line), input is not null);
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"WeChatLib.Api {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors}");
    }

    private static Process Start(string apiDll, string[] arguments, IReadOnlyDictionary<string, string> settings, Action<string?>? onError, bool input = false)
    {
        var start = new ProcessStartInfo("dotnet", [apiDll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(apiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input,
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
