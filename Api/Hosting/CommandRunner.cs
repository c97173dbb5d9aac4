using Microsoft.Extensions.Options;
using WeChatLib.Domain.Staff;
using WeChatLib.Infrastructure.Configuration;
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
            case HostCommand.PublishMenu:
                return await PublishMenuAsync(app, stopping);
            case HostCommand.CreateAdmin when command.Argument is not null:
                await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(stopping);
                return await CreateFirstAdminAsync(app, command.Argument, stopping);
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{command.Name}'. Commands: serve (default), migrate, seed, create-admin USERNAME, publish-menu.");
                return 2;
        }
    }

    private static async Task<int> PublishMenuAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var menu = app.Services.GetRequiredService<WeChat.WeChatMenu>().Load();
        var problems = WeChat.WeChatMenu.Problems(menu);
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync("The menu breaks WeChat's rules: " + string.Join("; ", problems));
            return 1;
        }
        var published = await app.Services.GetRequiredService<Infrastructure.WeChat.WeChatApiClient>().CreateMenuAsync(menu, cancellationToken);
        if (!published.Succeeded)
        {
            await Console.Error.WriteLineAsync($"WeChat refused the menu: {published.Error!.Code} {published.Error.Message}");
            return 1;
        }
        Console.WriteLine("Menu published.");
        return 0;
    }

    // The password comes from standard input, never from the command line, where other users could see it.
    private static async Task<int> CreateFirstAdminAsync(WebApplication app, string username, CancellationToken cancellationToken)
    {
        var password = (await Console.In.ReadLineAsync(cancellationToken))?.Trim() ?? "";
        var result = await app.Services.GetRequiredService<CreateStaffAccount>().FirstAdminAsync(username, password, cancellationToken);
        switch (result)
        {
            case CreateStaffResult.Created created:
                Console.WriteLine($"Admin account '{created.Account.Username}' created.");
                return 0;
            case CreateStaffResult.AdminExists:
                await Console.Error.WriteLineAsync("An active admin account exists already: admins create the other accounts.");
                return 1;
            case CreateStaffResult.Invalid invalid:
                await Console.Error.WriteLineAsync(string.Join(" ", invalid.Problems.Select(p => $"{p.Key}: {string.Join(", ", p.Value)}.")));
                return 1;
            default:
                await Console.Error.WriteLineAsync($"The username '{username}' is taken.");
                return 1;
        }
    }

    // Checked before the host starts so that a bad deployment stops with one line per bad key, not a stack trace.
    private static bool ConfigurationIsValid(WebApplication app)
    {
        IEnumerable<string> failures;
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            failures = e.Failures;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // Several sections failed: each section's failures, every one named.
            failures = e.InnerExceptions.SelectMany(inner => ((OptionsValidationException)inner).Failures);
        }
        catch (InvalidOperationException e) when (ConfigurationRules.Unconvertible(e) is { } failure)
        {
            failures = [failure];
        }
        foreach (var failure in failures)
            Console.Error.WriteLine($"Configuration error: {failure}");
        return false;
    }
}
