using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace WeChatLib.Infrastructure.Configuration;

/// <summary>The <c>ConnectionStrings</c> section: the store of record and the shared Redis.</summary>
public sealed class ConnectionStringsOptions
{
    public const string Section = "ConnectionStrings";

    public string Postgres { get; set; } = "";

    public string Redis { get; set; } = "";
}

internal sealed class ConnectionStringsValidator : IValidateOptions<ConnectionStringsOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectionStringsOptions options) =>
        new ConfigurationRules()
            .Require("ConnectionStrings:Postgres", options.Postgres)
            .Check("ConnectionStrings:Postgres", string.IsNullOrWhiteSpace(options.Postgres) || ParsesAsPostgres(options.Postgres),
                "is not a valid PostgreSQL connection string")
            .Require("ConnectionStrings:Redis", options.Redis)
            .Check("ConnectionStrings:Redis", string.IsNullOrWhiteSpace(options.Redis) || ParsesAsRedis(options.Redis),
                "is not a valid Redis configuration string")
            .ToResult();

    private static bool ParsesAsPostgres(string value)
    {
        try
        {
            return !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(value).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool ParsesAsRedis(string value)
    {
        try
        {
            return ConfigurationOptions.Parse(value).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
