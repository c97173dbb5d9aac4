using System.Reflection;
using DbUp.Engine;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The SQL files embedded from <c>Persistence/Migrations</c> and <c>Persistence/DemoData</c>, named by file name only
/// (e.g. <c>0001_branches.sql</c>) so the journal does not depend on namespaces, in file-name order.
/// </summary>
internal static class MigrationScripts
{
    public const string MigrationsFolder = "Migrations";
    public const string DemoDataFolder = "DemoData";

    public static IReadOnlyList<SqlScript> From(string folder)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"{typeof(MigrationScripts).Namespace}.{folder}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => new SqlScript(name[prefix.Length..], Read(assembly, name)))
            .OrderBy(script => script.Name, StringComparer.Ordinal)];
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
