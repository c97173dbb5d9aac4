using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using WeChatLib.Api.Endpoints;

namespace WeChatLib.Api.Hosting;

/// <summary>
/// The menu of a <see cref="MenuPreview"/> as WeChat's <c>/cgi-bin/menu/create</c> takes it: buttons, each with an
/// action or with sub-buttons (one level only). It is menu.json as written, so members WeChat adds pass through.
/// </summary>
internal sealed class WeChatMenuSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(MenuPreview) || schema is not OpenApiSchema { Properties: { } properties })
            return;
        properties["menu"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = properties["menu"].Description,
            Required = new SortedSet<string>(StringComparer.Ordinal) { "button" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["button"] = Buttons("Top-level buttons, 1 to 3.", Button(Buttons("Sub-buttons, 1 to 5, shown instead of an action.", Button(null)))),
            },
        };
    }

    private static OpenApiSchema Buttons(string description, OpenApiSchema button) =>
        new() { Type = JsonSchemaType.Array, Description = description, Items = button };

    private static OpenApiSchema Button(OpenApiSchema? subButtons)
    {
        var button = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new SortedSet<string>(StringComparer.Ordinal) { "name" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["name"] = Text("Shown in the menu: 1 to 16 bytes at the top level, 1 to 60 below."),
                ["type"] = Text("`click`, `view`, `scancode_push`, `scancode_waitmsg`, `pic_sysphoto`, `pic_photo_or_album`, `pic_weixin` or `location_select`."),
                ["key"] = Text("What a key-type button sends back, e.g. `MY_LOANS`."),
                ["url"] = Text("The page a `view` button opens."),
            },
        };
        if (subButtons is not null)
            button.Properties["sub_button"] = subButtons;
        return button;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
