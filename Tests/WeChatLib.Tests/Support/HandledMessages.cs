using System.Diagnostics.Metrics;
using WeChatLib.Infrastructure.Observability;

namespace WeChatLib.Tests.Support;

/// <summary>Counts the webhook's "action ran" metric while it lives.</summary>
internal sealed class HandledMessages : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public HandledMessages()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WeChatLibMetrics.MeterName && instrument.Name == "wechatlib.webhook.actions")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
