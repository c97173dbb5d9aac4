using System.Data.Common;
using Npgsql;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>How the service connects to PostgreSQL, whatever the operator's connection string leaves out.</summary>
internal static class PostgresConnection
{
    // Enough for every statement the service runs often; each prepared statement costs a little server memory.
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Applies the connection string, then prepares hot statements automatically unless the string says otherwise:
    /// planning the readers' queries anew on every call costs more than running them.
    /// </summary>
    public static void Configure(NpgsqlConnectionStringBuilder builder, string connectionString)
    {
        builder.ConnectionString = connectionString;
        if (!Mentions(connectionString, "Max Auto Prepare"))
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
    }

    private static bool Mentions(string connectionString, string keyword)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var wanted = Normalize(keyword);
        return given.Keys.Cast<string>().Any(key => Normalize(key) == wanted);
    }

    private static string Normalize(string keyword) => keyword.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
