using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WeChatLib.Infrastructure.Observability;

/// <summary>
/// Reads the outbox counts every few seconds for the gauges, so that a scrape never waits on PostgreSQL and many
/// scrapes cost one small query. While PostgreSQL is away the gauges show nothing rather than stale counts.
/// </summary>
internal sealed class OutboxCountsSampler(NpgsqlDataSource dataSource, TimeProvider time, ILogger<OutboxCountsSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static readonly string[] DepthStates = ["pending", "sending", "held"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var failing = false;
        do
        {
            if (!WeChatLibMetrics.OutboxObserved)
                continue;
            try
            {
                WeChatLibMetrics.ObserveOutbox(await ReadAsync(stoppingToken));
                failing = false;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                WeChatLibMetrics.ObserveOutbox(OutboxCounts.None);
                if (!failing)
                    logger.LogWarning(e, "Outbox counts for the metrics could not be read");
                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    // One arm per state so that each is counted from its own partial index, never by a scan of the sent notices.
    internal const string Sql = """
        select 'pending' as state, null as kind, count(*) as count from notifications where state = 'pending'
        union all select 'sending', null, count(*) from notifications where state = 'sending'
        union all select 'held', null, count(*) from notifications where state = 'held'
        union all select 'dead', kind, count(*) from notifications where state = 'dead' group by kind
        """;

    private async Task<OutboxCounts> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string State, string? Kind, long Count)>(new CommandDefinition(Sql, cancellationToken: cancellationToken))).ToList();
        var depth = DepthStates
            .Select(state => new Measurement<long>(rows.Single(r => r.State == state).Count, new KeyValuePair<string, object?>("state", state)))
            .ToArray();
        var dead = rows.Where(r => r.State == "dead")
            .Select(r => new Measurement<long>(r.Count, new KeyValuePair<string, object?>("kind", r.Kind)))
            .ToArray();
        return new OutboxCounts(depth, dead);
    }
}

/// <summary>Outbox counts as measurements, built once per sample so that a scrape only hands them over.</summary>
internal sealed class OutboxCounts(Measurement<long>[] depth, Measurement<long>[] deadLetters)
{
    public static readonly OutboxCounts None = new([], []);

    public Measurement<long>[] Depth { get; } = depth;

    public Measurement<long>[] DeadLetters { get; } = deadLetters;
}
