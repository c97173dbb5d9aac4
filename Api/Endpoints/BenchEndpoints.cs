using WeChatLib.Domain.Loans;
using WeChatLib.Infrastructure.Redis;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// Floors for the gateway benchmark, mapped only when <c>Bench:Endpoints</c> is true (never in a deployment): a bare
/// constant, and the MY_LOANS and RENEW_ALL paths' Redis and PostgreSQL calls in the same order with no signature, AES
/// or XML.
/// </summary>
public static class BenchEndpoints
{
    public static IEndpointRouteBuilder MapBenchEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>("Bench:Endpoints"))
            return app;
        app.MapGet("/bench/bare", () => "ok").ExcludeFromDescription();
        app.MapPost("/bench/io-floor", IoFloorAsync).ExcludeFromDescription();
        app.MapPost("/bench/renew-floor", RenewFloorAsync).ExcludeFromDescription();
        return app;
    }

    // The same calls as a CLICK MY_LOANS, in the same order: last interaction, dedupe begin with the message limit,
    // the loans use case, dedupe end.
    private static async Task<IResult> IoFloorAsync(string openid, string key, ReaderSessions sessions, WeChatDedupe dedupe,
        ReaderMessageLimit limit, ListMyLoans listMyLoans, TimeProvider time, CancellationToken cancellationToken)
    {
        await sessions.TouchAsync(openid, time.GetUtcNow());
        var begin = dedupe.BeginAsync($"event|{key}");
        var allowed = limit.TryAcquireAsync(openid);
        await Task.WhenAll(begin, allowed);
        if (await begin == DedupeStart.Retry)
            return Results.Text("duplicate");
        var current = await listMyLoans.HandleAsync(new ReaderRef.WeChat(openid), cancellationToken);
        await dedupe.CompleteAsync($"event|{key}", current?.Reader.Name ?? "");
        return Results.Text(current?.Reader.Name ?? "unbound");
    }

    // As IoFloorAsync, with the renew-all use case in place of the loan list.
    private static async Task<IResult> RenewFloorAsync(string openid, string key, ReaderSessions sessions, WeChatDedupe dedupe,
        ReaderMessageLimit limit, RenewAllLoans renewAll, TimeProvider time, CancellationToken cancellationToken)
    {
        await sessions.TouchAsync(openid, time.GetUtcNow());
        var begin = dedupe.BeginAsync($"event|{key}");
        var allowed = limit.TryAcquireAsync(openid);
        await Task.WhenAll(begin, allowed);
        if (await begin == DedupeStart.Retry)
            return Results.Text("duplicate");
        var summary = await renewAll.HandleAsync(new ReaderRef.WeChat(openid), RenewalChannel.Menu, cancellationToken);
        var answer = summary is null ? "unbound" : $"renewed {summary.Renewed.Count}, not renewed {summary.NotRenewed.Count}";
        await dedupe.CompleteAsync($"event|{key}", answer);
        return Results.Text(answer);
    }
}
