using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.WeChat;
using WeChatLib.Domain.Audit;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Api.Endpoints;

/// <summary>The account's menu (role: admin).</summary>
public static class MenuEndpoints
{
    public static IEndpointRouteBuilder MapMenuEndpoints(this IEndpointRouteBuilder app)
    {
        var menu = app.MapGroup("/api/v1/staff/menu").WithTags("Staff: menu").RequireStaff(StaffCapability.MenuPublishing)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        menu.MapGet("/", ShowMenu).WithName(nameof(ShowMenu));
        menu.MapPost("/publish", PublishMenu).WithName(nameof(PublishMenu))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    /// <summary>The menu as it would be published, with any rule it breaks.</summary>
    private static Ok<MenuPreview> ShowMenu(WeChatMenu menu)
    {
        var definition = menu.Load();
        return TypedResults.Ok(new MenuPreview(definition, [.. WeChatMenu.Problems(definition)]));
    }

    /// <summary>Publishes the menu to WeChat (<c>/cgi-bin/menu/create</c>) after checking WeChat's limits.</summary>
    private static async Task<Results<Ok<MenuPreview>, ProblemHttpResult>> PublishMenu(
        HttpContext context, WeChatMenu menu, WeChatApiClient weChat, IAuditLog audit, CancellationToken cancellationToken)
    {
        var definition = menu.Load();
        var problems = WeChatMenu.Problems(definition);
        if (problems.Count > 0)
            return ProblemTypes.Problem("validation", string.Join("; ", problems));
        var published = await weChat.CreateMenuAsync(definition, cancellationToken);
        if (!published.Succeeded)
            return ProblemTypes.Problem("wechat-unavailable", $"WeChat refused the menu: {published.Error!.Code} {published.Error.Message}");
        await audit.RecordAsync(new AuditEntry(AuditEntry.Staff(context.User.StaffId()!.Value), "menu.publish", "menu"), cancellationToken);
        return TypedResults.Ok(new MenuPreview(definition, []));
    }
}

/// <param name="Menu">The menu JSON as WeChat receives it.</param>
/// <param name="Problems">Rules it breaks; empty when it can be published.</param>
public sealed record MenuPreview(JsonObject Menu, string[] Problems);
