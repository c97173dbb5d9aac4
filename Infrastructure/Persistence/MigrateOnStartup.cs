using Microsoft.Extensions.Hosting;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>Brings the schema up to date before the server accepts requests (hosted services start first).</summary>
internal sealed class MigrateOnStartup(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
