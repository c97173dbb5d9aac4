using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WeChatLib.Infrastructure.Persistence;

namespace WeChatLib.Tests.Support;

/// <summary>A database of its own for one fixture, dropped afterwards.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// A database with every migration applied, copied from a template the run migrates once (by the service's own
    /// migrator): the service then finds nothing to apply. On another cluster, an empty database.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(string? adminConnectionString = null) =>
        adminConnectionString is null
            ? await CreateAsync(TestServices.PostgresAdmin, await MigratedTemplate.Value)
            : await CreateAsync(adminConnectionString, template: null);

    /// <summary>A database with nothing in it, for tests of the migrations themselves.</summary>
    public static Task<TestDatabase> CreateEmptyAsync() => CreateAsync(TestServices.PostgresAdmin, template: null);

    private static readonly Lazy<Task<string>> MigratedTemplate = new(CreateMigratedTemplateAsync);

    private static async Task<TestDatabase> CreateAsync(string adminConnectionString, string? template)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync(adminConnectionString, template is null ? $"create database {name}" : $"create database {name} template {template}");
        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
        return new TestDatabase(adminConnectionString, name, connectionString);
    }

    // Named after the migrations the service embeds (names and contents), so that a later run on the same cluster reuses
    // it until a migration changes; built under another name and renamed, so that the name only ever stands for a
    // complete schema, and under an advisory lock, so that two runs on one cluster build it once.
    private static async Task<string> CreateMigratedTemplateAsync()
    {
        var scripts = string.Join('\n', MigrationScripts.From(MigrationScripts.MigrationsFolder).Select(m => $"{m.Name}\n{m.Contents}"));
        var name = $"test_template_{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(scripts)))[..16]}";
        await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
        await admin.OpenAsync();
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(hashtext('test_template'))", admin))
            await take.ExecuteNonQueryAsync();
        try
        {
            await using var exists = new NpgsqlCommand("select exists (select 1 from pg_database where datname = @name)", admin);
            exists.Parameters.AddWithValue("name", name);
            if ((bool)(await exists.ExecuteScalarAsync())!)
                return name;
            var building = await CreateAsync(TestServices.PostgresAdmin, template: null);
            // A database is renamed or copied only while nobody is connected to it: the data source closes its connections.
            await using (var dataSource = NpgsqlDataSource.Create(building.ConnectionString))
                await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
            await ExecuteAsync(TestServices.PostgresAdmin, $"alter database {building.Name} rename to {name}");
            return name;
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(hashtext('test_template'))", admin);
            await release.ExecuteNonQueryAsync();
        }
    }

    private static async Task ExecuteAsync(string adminConnectionString, string sql)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        // This database's pool only: the fixtures running alongside keep theirs.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        try
        {
            await using var admin = new NpgsqlConnection(_adminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A test that stopped its own PostgreSQL takes its databases with it.
        }
    }
}
