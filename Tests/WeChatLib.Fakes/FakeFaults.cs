namespace WeChatLib.Fakes;

/// <summary>Failures the fake WeChat API injects into sends, settable by tests and at <c>/_fake/faults</c>.</summary>
public sealed class FakeFaults
{
    private int _statusAnswers;

    /// <summary>Share of sends answered <c>-1</c> (system busy), 0 to 1.</summary>
    public double BusyRate { get; set; }

    /// <summary>After this many accepted sends, every send gets 45009 (daily quota); null for no quota.</summary>
    public int? QuotaAfter { get; set; }

    /// <summary>Added before answering a send.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// The HTTP status (a 502 or 504 of WeChat's front end, say) that answers the next <see cref="StatusAnswers"/> sends
    /// after WeChat has processed them, as a gateway that timed out waiting for the answer would.
    /// </summary>
    public int Status { get; set; } = 504;

    /// <summary>How many of the next sends get <see cref="Status"/> instead of WeChat's answer.</summary>
    public int StatusAnswers
    {
        get => Volatile.Read(ref _statusAnswers);
        set => Volatile.Write(ref _statusAnswers, value);
    }

    /// <summary>Takes one of the <see cref="StatusAnswers"/> left, if any.</summary>
    internal bool TakeStatusAnswer()
    {
        for (var left = StatusAnswers; left > 0; left = StatusAnswers)
            if (Interlocked.CompareExchange(ref _statusAnswers, left - 1, left) == left)
                return true;
        return false;
    }

    public void Reset()
    {
        BusyRate = 0;
        QuotaAfter = null;
        Latency = TimeSpan.Zero;
        Status = 504;
        StatusAnswers = 0;
    }
}
