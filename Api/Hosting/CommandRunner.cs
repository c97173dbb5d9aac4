using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Persistence;

namespace WeChatLib.Api.Hosting;

public static class CommandRunner
{
    public static async Task<int> RunCommandAsync(this WebApplication app, HostCommand command)
    {
        if (!ConfigurationIsValid(app))
            return 2;

        var stopping = app.Lifetime.ApplicationStopping;
        switch (command.Name)
        {
            case HostCommand.Serve:
                await app.RunAsync();
                return 0;
            case HostCommand.Migrate:
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(stopping);
                return 0;
            case HostCommand.Seed:
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(stopping);
                await app.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(stopping);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{command.Name}'. Commands: serve (default), migrate, seed.");
                return 2;
        }
    }

    // Checked before the host starts so that a bad deployment stops with one line naming the keys, not a stack trace.
    private static bool ConfigurationIsValid(WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine($"Configuration error: {string.Join(" ", e.Failures)}");
            return false;
        }
    }
}
