using Dapper;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Identity;

internal sealed class CreateAdminCommandTests
{
    [Test]
    public async Task The_first_admin_is_created_by_the_command_and_only_once()
    {
        await using var database = await TestDatabase.CreateAsync();

        var first = await CreateAdmin(database, "chief", "a long enough password");
        var second = await CreateAdmin(database, "deputy", "another long password");
        var weak = await CreateAdminOnFreshDatabase("weakling", "short");

        first.ExitCode.ShouldBe(0, first.Error);
        second.ExitCode.ShouldBe(1);
        second.Error.ShouldContain("admin account exists already");
        weak.ExitCode.ShouldBe(1);
        weak.Error.ShouldContain("password");
        await using var connection = database.Open();
        (await connection.QuerySingleAsync<string>("select username::text from staff_accounts where 'admin' = any(roles)")).ShouldBe("chief");
        (await connection.QuerySingleAsync<string>("select password_hash from staff_accounts")).ShouldNotContain("a long enough password");
    }

    private static async Task<(int ExitCode, string Error)> CreateAdminOnFreshDatabase(string username, string password)
    {
        await using var database = await TestDatabase.CreateAsync();
        return await CreateAdmin(database, username, password);
    }

    private static async Task<(int ExitCode, string Error)> CreateAdmin(TestDatabase database, string username, string password)
    {
        using var api = new ApiFactory(database.ConnectionString);
        var (exitCode, _, error) = await ApiProcess.RunAsync(["create-admin", username], api.Settings, input: password);
        return (exitCode, error);
    }
}
