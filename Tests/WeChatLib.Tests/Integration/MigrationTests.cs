using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class MigrationTests
{
    private static readonly string MigrationsFolder = Path.Combine(TestServices.RepositoryRoot, "Infrastructure", "Persistence", "Migrations");

    [Test]
    public async Task Three_instances_starting_at_once_migrate_an_empty_database_exactly_once()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
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
        await using var database = await TestDatabase.CreateEmptyAsync();
        using var api = new ApiFactory(database.ConnectionString);

        var (exitCode, output, error) = await ApiProcess.RunAsync(["migrate"], api.Settings);

        exitCode.ShouldBe(0, error);
        output.ShouldContain("Database schema is up to date");
        await using var connection = database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from schema_migrations")).ShouldBe(MigrationFiles().Count);
        (await connection.ExecuteScalarAsync<int>("select count(*) from branches")).ShouldBe(0, "migrate never loads demo data");
    }

    [Test]
    public async Task A_library_with_loans_from_before_circulation_keeps_every_loan_each_on_an_item_of_its_own()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using (var connection = database.Open())
        {
            // The schema as 0010 left it, journalled as the migrator does, with loans that named their item by barcode.
            await MigrateUpToAsync(connection, "0011");
            await connection.ExecuteAsync("""
                insert into patrons (card_number, name, patron_group, expires_on) values ('C0001', '张三', 'undergraduate', date '2030-07-01');
                insert into titles (title) values ('活着'), ('三体');
                insert into loans (patron_id, title_id, barcode, loaned_on, due_on, returned_at)
                select p.id, t.id, b, date '2026-10-01', date '2026-11-01', r
                from patrons p, titles t,
                     (values ('活着', 'B001', now()), ('活着', 'B001', null), ('三体', 'B002', null)) as l (title, b, r)
                where t.title = l.title;
                """);
        }

        await using (var api = new ApiFactory(database.ConnectionString))
            _ = api.Services; // starting the service migrates the database

        await using var after = database.Open();
        var loans = (await after.QueryAsync<(string Barcode, string Title, string Status, bool Open)>("""
            select i.barcode, t.title, i.status, l.returned_at is null from loans l join items i on i.id = l.item_id join titles t on t.id = i.title_id
            order by i.barcode, l.returned_at is null
            """)).ToList();
        loans.ShouldBe([("B001", "活着", "on_loan", false), ("B001", "活着", "on_loan", true), ("B002", "三体", "on_loan", true)]);
        (await after.ExecuteScalarAsync<string>("select code from branches")).ShouldBe("main");
    }

    [Test]
    public async Task A_catalogue_searched_before_full_width_titles_were_folded_finds_them_as_typed_after_the_migration()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using (var connection = database.Open())
        {
            // The schema as 0020 left it, whose search text kept full-width letters and punctuation as printed.
            await MigrateUpToAsync(connection, "0021");
            await connection.ExecuteAsync("""
                insert into titles (title, author, subjects) values
                    ('Ｃ＋＋程序设计：从入门到精通', '明日科技', '{程序设计}'), ('三体（典藏版）', '刘慈欣', '{科幻小说}');
                """);
        }

        await using var api = new ApiFactory(database.ConnectionString);
        var client = api.CreateClient();
        async Task<List<string>> SearchAsync(string q) =>
            [.. (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/catalogue/search?q=" + Uri.EscapeDataString(q), UriKind.Relative)))!
                ["hits"]!.AsArray().Select(h => (string)h!["title"]!)];

        (await SearchAsync("C++程序设计:从入门到精通")).ShouldBe(["Ｃ＋＋程序设计：从入门到精通"]);
        (await SearchAsync("Ｃ＋＋")).ShouldBe(["Ｃ＋＋程序设计：从入门到精通"]);
        (await SearchAsync("三体(典藏版)")).ShouldBe(["三体（典藏版）"]);
        (await SearchAsync("(典")).ShouldBe(["三体（典藏版）"]);
    }

    // The schema as the migrations before `first` left it, journalled as the migrator does.
    private static async Task MigrateUpToAsync(NpgsqlConnection connection, string first)
    {
        await connection.ExecuteAsync(
            "create table schema_migrations (schemaversionsid serial primary key, scriptname varchar(255) not null, applied timestamp not null)");
        foreach (var file in MigrationFiles().Where(f => string.CompareOrdinal(Path.GetFileName(f), first) < 0))
        {
            await connection.ExecuteAsync(await File.ReadAllTextAsync(file));
            await connection.ExecuteAsync("insert into schema_migrations (scriptname, applied) values (@name, now())", new { name = Path.GetFileName(file) });
        }
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
