using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace WeChatLib.Api.H5;

/// <summary>
/// The browser pages: the readers' H5 pages under <c>/h5</c> (opened from the menu and from links in notices) and the
/// staff console under <c>/staff</c>. Plain HTML, small ES modules and one style sheet from <c>wwwroot</c>, calling the
/// same REST API as every other client: there is no second back end and no front-end build.
/// </summary>
/// <remarks>
/// A page is addressed without its extension (<c>/h5/loans</c>, as the notices' links have it). Everything is revalidated
/// on each visit (<c>no-cache</c> with an ETag, so a repeat visit costs a 304), and a strict content security policy lets
/// a page run only its own scripts and talk only to this service.
/// </remarks>
public static class BrowserPages
{
    public const string ReaderPath = "/h5";
    public const string StaffPath = "/staff";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public static WebApplication MapBrowserPages(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        app.UseWhen(IsBrowserPage, pages => pages.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-cache";
            await next(context);
        }));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = false });

        app.MapGet(ReaderPath, (HttpContext context) => Home(context, files, "h5/index.html")).ExcludeFromDescription();
        app.MapGet(ReaderPath + "/{page:regex(^[a-z][a-z-]*$)}", (string page) => Page(files, $"h5/{page}.html")).ExcludeFromDescription();
        app.MapGet(StaffPath, (HttpContext context) => Home(context, files, "staff/index.html")).ExcludeFromDescription();
        return app;
    }

    private static bool IsBrowserPage(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ReaderPath) || context.Request.Path.StartsWithSegments(StaffPath);

    // Routing matches "/h5" and "/h5/" alike; the page's relative links need the slash.
    private static IResult Home(HttpContext context, IFileProvider files, string path) =>
        context.Request.Path.Value!.EndsWith('/')
            ? Page(files, path)
            : Results.Redirect(context.Request.PathBase + context.Request.Path + "/" + context.Request.QueryString);

    private static IResult Page(IFileProvider files, string path)
    {
        var file = files.GetFileInfo(path);
        return file.Exists
            ? Results.File(file.CreateReadStream(), "text/html; charset=utf-8", lastModified: file.LastModified,
                entityTag: new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\""))
            : Results.Content(NotFoundPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }

    private const string NotFoundPage = """
        <!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>页面不存在</title><link rel="stylesheet" href="/h5/assets/app.css">
        <main><h1>页面不存在</h1><p>This page does not exist.</p><p><a class="button" href="/h5/">返回首页 Home</a></p></main></html>
        """;
}
