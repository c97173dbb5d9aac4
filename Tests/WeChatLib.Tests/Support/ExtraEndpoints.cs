using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;

namespace WeChatLib.Tests.Support;

/// <summary>Adds endpoints that the shipped service lacks (one that throws, one that was never documented).</summary>
internal sealed class ExtraEndpoints(Action<IEndpointRouteBuilder> map) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.UseRouting();
        app.UseEndpoints(map);
    };
}
