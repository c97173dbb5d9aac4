using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The exception stays in the log; the health response only says that PostgreSQL is unreachable.
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable.", e);
        }
    }
}
