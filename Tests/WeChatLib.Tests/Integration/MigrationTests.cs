using System.Net;
using System.Security.Cryptography;
using Dapper;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class MigrationTests
{
    private static readonly string MigrationsFolder = Path.Combine(TestServices.RepositoryRoot, "Infrastructure", "Persistence", "Migrations");

    [Test]
    public async Task Three_instances_starting_at_once_migrate_an_empty_database_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var instances = Enumerable.Range(0, 3).Select(_ => new ApiFactory(database.ConnectionString)).ToList();
        try
        {
            var readiness = await Task.WhenAll(instances.Select(api => Task.Run(() => api.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative)))));

            readiness.ShouldAllBe(response => response.StatusCode == HttpStatusCode.OK);
            await using var connection = database.Open();
            var journal = (await connection.QueryAsync<string>("select scriptname from schema_migrations")).ToList();
            journal.ShouldBe(MigrationFiles().Select(Path.GetFileName), ignoreOrder: true);
        }
        finally
        {
            foreach (var api in instances)
                await api.DisposeAsync();
        }
    }

    [Test]
    public async Task The_migrate_command_applies_the_migrations_and_exits()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var api = new ApiFactory(database.ConnectionString);

        var (exitCode, output, error) = await ApiProcess.RunAsync(["migrate"], api.Settings);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("Database schema is up to date");
        await using var connection = database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from schema_migrations")).ShouldBe(MigrationFiles().Count);
        (await connection.ExecuteScalarAsync<int>("select count(*) from branches")).ShouldBe(0, "migrate never loads demo data");
    }

    [Test]
    public void Shipped_migrations_are_never_edited()
    {
        var recorded = File.ReadAllLines(Path.Combine(MigrationsFolder, "checksums.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split("  "))
            .ToDictionary(parts => parts[1], parts => parts[0]);

        foreach (var file in MigrationFiles())
        {
            var name = Path.GetFileName(file);
            recorded.ShouldContainKey(name, $"{name} is new: record it with `sha256sum {name} >> checksums.txt` in Persistence/Migrations.");
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))).ShouldBe(recorded[name],
                $"{name} changed after it shipped. Restore it and put the change in a new migration.");
        }
        recorded.Keys.ShouldBeSubsetOf(MigrationFiles().Select(Path.GetFileName).OfType<string>(), "A shipped migration was deleted.");
    }

    [Test]
    public void Migrations_are_numbered_without_gaps_or_duplicates()
    {
        var numbers = MigrationFiles().Select(f => int.Parse(Path.GetFileName(f)[..4], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        numbers.ShouldBe(Enumerable.Range(1, numbers.Count));
    }

    private static List<string> MigrationFiles() =>
        [.. Directory.GetFiles(MigrationsFolder, "*.sql").Order(StringComparer.Ordinal)];
}
