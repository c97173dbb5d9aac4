namespace WeChatLib.Tests.Support;

/// <summary>The PostgreSQL and Redis that <c>scripts/test.sh</c> starts for the tests, and the repository's files.</summary>
internal static class TestServices
{
    /// <summary>A superuser connection to the test cluster's <c>postgres</c> database.</summary>
    public static string PostgresAdmin => Required("WECHATLIB_TEST_POSTGRES");

    public static string Redis => Required("WECHATLIB_TEST_REDIS");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with scripts/test.sh, which starts PostgreSQL and Redis for them.");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WeChatLib.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("WeChatLib.sln not found above the test assembly.");
    }
}
