using Microsoft.Extensions.Options;
using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Common;

namespace WeChatLib.Api.Hosting;

public static class UseCaseRegistration
{
    /// <summary>Registers every Domain use case in one place; Domain itself knows nothing of DI.</summary>
    public static IServiceCollection AddUseCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LibraryOptions>().Bind(configuration.GetSection(LibraryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LibraryOptions>, LibraryOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new LibraryClock(
            provider.GetRequiredService<TimeProvider>(),
            TimeZoneInfo.FindSystemTimeZoneById(provider.GetRequiredService<IOptions<LibraryOptions>>().Value.TimeZone)));

        services.AddSingleton<ListBranches>();
        services.AddSingleton<GetBranch>();
        return services;
    }
}
