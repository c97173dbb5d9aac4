using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// Loads the demo library from <c>Persistence/DemoData/*.sql</c> in one transaction. Every file is an upsert, so
/// seeding twice changes nothing. Refused in Production: demo readers must never reach a real library.
/// </summary>
public sealed class DemoDataSeeder(NpgsqlDataSource dataSource, IHostEnvironment environment, ILogger<DemoDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction())
            throw new InvalidOperationException("Demo data is never loaded in Production.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var script in MigrationScripts.From(MigrationScripts.DemoDataFolder))
        {
            await using var command = new NpgsqlCommand(script.Contents, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Demo data {Script} loaded", script.Name);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
