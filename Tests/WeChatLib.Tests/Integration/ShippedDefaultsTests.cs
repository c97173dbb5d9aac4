using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

/// <summary>What a deployer gets without tuning anything: the shipped settings, a plain connection string.</summary>
internal sealed class ShippedDefaultsTests
{
    [Test]
    public async Task Hot_statements_are_prepared_with_a_plain_connection_string()
    {
        await using var database = await TestDatabase.CreateAsync();
        new NpgsqlConnectionStringBuilder(database.ConnectionString).MaxAutoPrepare.ShouldBe(0);
        await using var api = new ApiFactory(database.ConnectionString);
        var dataSource = api.Services.GetRequiredService<NpgsqlDataSource>();

        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < 10; i++)
        {
            await using var query = new NpgsqlCommand("select count(*) from pg_class where relname = $1", connection) { Parameters = { new() { Value = "loans" } } };
            await query.ExecuteScalarAsync();
        }
        await using var prepared = new NpgsqlCommand("select count(*) from pg_prepared_statements where statement like '%relname = $1%'", connection);

        ((long)(await prepared.ExecuteScalarAsync())!).ShouldBe(1);
    }

    [Test]
    public async Task An_explicit_max_auto_prepare_in_the_connection_string_is_respected()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString + ";Max Auto Prepare=0");
        var dataSource = api.Services.GetRequiredService<NpgsqlDataSource>();

        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare.ShouldBe(0);
    }

    [Test]
    public async Task The_executable_reads_its_own_appsettings_from_any_working_folder()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["ConnectionStrings:Redis"] = TestServices.Redis,
            ["WeChat:AppId"] = "wx2c2769f8efd9abc2",
            ["WeChat:AppSecret"] = ApiFactory.AppSecret,
            ["WeChat:Token"] = "spamtest",
            ["WeChat:EncodingAesKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            ["Jwt:SigningKey"] = ApiFactory.SigningKey,
            ["PublicBaseUrl"] = "https://lib.example.edu.cn",
        };

        var (exitCode, output, error) = await ApiProcess.RunAsync(["migrate"], settings, workingDirectory: Path.GetTempPath());

        exitCode.ShouldBe(0, error);
        // appsettings.json asks for JSON console logs; without it the framework writes plain text.
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldNotBeEmpty();
        lines.ShouldAllBe(line => IsJson(line));
    }

    private static bool IsJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
