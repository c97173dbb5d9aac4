namespace WeChatLib.Fakes;

/// <summary>Failures the fake WeChat API injects into sends, settable by tests and at <c>/_fake/faults</c>.</summary>
public sealed class FakeFaults
{
    /// <summary>Share of sends answered <c>-1</c> (system busy), 0 to 1.</summary>
    public double BusyRate { get; set; }

    /// <summary>After this many accepted sends, every send gets 45009 (daily quota); null for no quota.</summary>
    public int? QuotaAfter { get; set; }

    /// <summary>Added before answering a send.</summary>
    public TimeSpan Latency { get; set; }

    public void Reset()
    {
        BusyRate = 0;
        QuotaAfter = null;
        Latency = TimeSpan.Zero;
    }
}
