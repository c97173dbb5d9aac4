using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// Degraded, never unhealthy: a spent quota or a refresh storm must not take the webhook out of the load balancer.
/// </summary>
internal sealed class WeChatHealthCheck(WeChatAlarms alarms) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await alarms.QuotaPausedUntilAsync().WaitAsync(cancellationToken) is { } until)
            return HealthCheckResult.Degraded($"Daily API quota reached (45009); sending paused until {until:u}.");
        var refreshes = await alarms.RefreshesThisHourAsync().WaitAsync(cancellationToken);
        return refreshes > WeChatAlarms.RefreshesPerHourAlarm
            ? HealthCheckResult.Degraded($"Access token refreshed {refreshes} times this hour.")
            : HealthCheckResult.Healthy();
    }
}
