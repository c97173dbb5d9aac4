using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WeChatLib.Domain.Branches;
using WeChatLib.Infrastructure.Configuration;
using WeChatLib.Infrastructure.Persistence;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure;

public static class DependencyInjection
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectionStringsOptions>().Bind(configuration.GetSection(ConnectionStringsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectionStringsOptions>, ConnectionStringsValidator>();
        services.AddOptions<WeChatOptions>().Bind(configuration.GetSection(WeChatOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();

        AddPostgres(services);
        AddRedis(services);

        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(3))
            .AddCheck<RedisHealthCheck>("redis", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(3));
        return services;
    }

    private static void AddPostgres(IServiceCollection services)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddNpgsqlDataSource(
            "",
            (provider, builder) => builder.ConnectionStringBuilder.ConnectionString =
                provider.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Postgres);
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<MigrateOnStartup>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddSingleton<IBranchStore, BranchStore>();
    }

    private static void AddRedis(IServiceCollection services) =>
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var options = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value.Redis);
            // Start even while Redis is down and reconnect by itself; readiness reports the outage meanwhile.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
}
