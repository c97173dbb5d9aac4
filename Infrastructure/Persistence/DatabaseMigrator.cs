using DbUp;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// Applies the embedded migrations with DbUp, journaled in <c>schema_migrations</c>. Instances starting together
/// queue on a PostgreSQL advisory lock: the first migrates, the others then find nothing left to do.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    // An arbitrary constant shared by every instance of the service: "WCLMIGR" in ASCII.
    private const long MigrationLockKey = 0x57434C4D494752;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(lockConnection, "select pg_advisory_lock(@key)", cancellationToken);
        try
        {
            var upgrade = DeployChanges.To
                .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
                .WithScripts(MigrationScripts.From(MigrationScripts.MigrationsFolder))
                .JournalToPostgresqlTable("public", "schema_migrations")
                .WithTransactionPerScript()
                // A migration that rewrites a large table (0021 rebuilds every title's search text) takes as long as it
                // takes; the default 30-second command timeout would roll it back and keep the service from starting.
                // Zero is Npgsql's "no timeout".
                .WithExecutionTimeout(TimeSpan.Zero)
                .LogTo(logger)
                .Build()
                .PerformUpgrade();
            if (!upgrade.Successful)
                throw new InvalidOperationException($"Migration {upgrade.ErrorScript?.Name} failed.", upgrade.Error);
            logger.LogInformation("Database schema is up to date ({Applied} migrations applied now)", upgrade.Scripts.Count());
        }
        finally
        {
            await ExecuteAsync(lockConnection, "select pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
