using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Common;

namespace WeChatLib.Tests.Support;

/// <summary>
/// The service's own hasher, counting the secrets it verifies: how many PINs or passwords the product really tried,
/// whatever its answers say.
/// </summary>
internal sealed class CountingSecretHasher(ISecretHasher inner) : ISecretHasher
{
    private int _verified;

    public int Verified => Volatile.Read(ref _verified);

    public string Hash(string secret) => inner.Hash(secret);

    public Task<bool> VerifyAsync(string hash, string secret, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _verified);
        return inner.VerifyAsync(hash, secret, cancellationToken);
    }

    /// <summary>For <see cref="ApiFactory.ConfigureServices"/>: wraps the service's hasher.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(ISecretHasher));
        services.Remove(original);
        services.AddSingleton<ISecretHasher>(provider =>
            new CountingSecretHasher((ISecretHasher)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!)));
    }

    public static CountingSecretHasher Of(ApiFactory api) => (CountingSecretHasher)api.Services.GetRequiredService<ISecretHasher>();
}
