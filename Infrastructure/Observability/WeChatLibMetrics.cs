using System.Diagnostics;
using System.Diagnostics.Metrics;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Observability;

/// <summary>
/// The service's own metrics, in one meter. Tags are few fixed values (route keys of the action table, notice kinds,
/// job names, outcomes), never an openid or a reader's words. Nothing is measured while nothing listens, which is
/// the case unless <c>Metrics:Enabled</c> is on.
/// </summary>
public static class WeChatLibMetrics
{
    public const string MeterName = "WeChatLib";

    private static readonly Meter Meter = new(MeterName);

    // Around the reply budget (3.5 s) and WeChat's own limit (5 s), with the fast path finely cut.
    private static readonly Histogram<double> WebhookDuration = Meter.CreateHistogram(
        "wechatlib.webhook.duration", "s", "Time to answer a WeChat callback, by route and outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3.5, 5] });

    private static readonly Counter<long> Actions = Meter.CreateCounter<long>(
        "wechatlib.webhook.actions", "{message}", "Messages whose action ran, by route and outcome (ok or failed)");

    private static readonly Counter<long> Sends = Meter.CreateCounter<long>(
        "wechatlib.outbox.sends", "{send}", "Sends to WeChat by notice kind and outcome");

    private static readonly Counter<long> Drops = Meter.CreateCounter<long>(
        "wechatlib.outbox.dropped", "{notice}", "Notices set aside unsent by kind and reason (stale: their moment had passed)");

    private static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>(
        "wechatlib.wechat.token_refreshes", "{refresh}", "Access token fetches from WeChat by outcome (ok or failed)");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "wechatlib.jobs.runs", "{run}", "Scheduled job runs on this instance by job and outcome (ok or failed)");

    private static readonly Counter<long> SeatCounts = Meter.CreateCounter<long>(
        "wechatlib.seats.free_counts", "{count}", "Grouped counts of free seats per zone run by this instance (the zone list's refreshes)");

    private static volatile OutboxCounts _outbox = OutboxCounts.None;

    private static readonly ObservableGauge<long> OutboxDepth = Meter.CreateObservableGauge<long>(
        "wechatlib.outbox.depth", () => _outbox.Depth, "{notice}", "Notices pending, being sent or held, across all instances");

    private static readonly ObservableGauge<long> DeadLetters = Meter.CreateObservableGauge<long>(
        "wechatlib.outbox.dead_letters", () => _outbox.DeadLetters, "{notice}", "Notices in the dead letters by kind, across all instances");

    /// <summary>True while someone listens: callers skip working out tags otherwise.</summary>
    public static bool WebhookObserved => WebhookDuration.Enabled;

    /// <summary>A callback answered: <paramref name="outcome"/> is one of <see cref="WebhookOutcome"/>.</summary>
    public static void WebhookAnswered(string route, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "route", route }, { "outcome", outcome } };
        WebhookDuration.Record(elapsed.TotalSeconds, in tags);
    }

    public static void ActionRan(string route, bool succeeded)
    {
        var tags = new TagList { { "route", route }, { "outcome", succeeded ? Ok : Failed } };
        Actions.Add(1, in tags);
    }

    /// <summary>A send to WeChat and what came of it: <c>sent</c>, <c>transient</c>, <c>permanent</c>, <c>quota</c> or <c>unknown</c>.</summary>
    public static void Sent(string kind, WeChatOutcome outcome)
    {
        var tags = new TagList
        {
            { "kind", kind },
            {
                "outcome", outcome switch
                {
                    WeChatOutcome.Success => "sent",
                    WeChatOutcome.Transient => "transient",
                    WeChatOutcome.Permanent => "permanent",
                    WeChatOutcome.QuotaExhausted => "quota",
                    _ => "unknown",
                }
            },
        };
        Sends.Add(1, in tags);
    }

    /// <summary>A notice set aside without sending, e.g. <c>stale</c>: a reminder whose due date had passed.</summary>
    public static void Dropped(string kind, string reason)
    {
        var tags = new TagList { { "kind", kind }, { "reason", reason } };
        Drops.Add(1, in tags);
    }

    public static void TokenRefreshed(bool succeeded) =>
        TokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? Ok : Failed));

    public static void JobRan(string job, bool succeeded)
    {
        var tags = new TagList { { "job", job }, { "outcome", succeeded ? Ok : Failed } };
        JobRuns.Add(1, in tags);
    }

    public static void SeatsCounted() => SeatCounts.Add(1);

    /// <summary>The latest outbox counts, read by <see cref="OutboxCountsSampler"/>; shown as they are at each scrape.</summary>
    internal static void ObserveOutbox(OutboxCounts counts) => _outbox = counts;

    /// <summary>Whether anyone reads the outbox gauges: the sampler queries nothing otherwise.</summary>
    internal static bool OutboxObserved => OutboxDepth.Enabled || DeadLetters.Enabled;

    private const string Ok = "ok";
    private const string Failed = "failed";
}
