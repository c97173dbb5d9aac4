using System.Diagnostics.Metrics;
using WeChatLib.Infrastructure.Observability;

namespace WeChatLib.Tests.Support;

/// <summary>Sums one of the service's own counters (meter <c>WeChatLib</c>) while it lives.</summary>
internal sealed class CountedMetric : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public CountedMetric(string instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == WeChatLibMetrics.MeterName && published.Name == instrument)
                listener.EnableMeasurementEvents(published);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
