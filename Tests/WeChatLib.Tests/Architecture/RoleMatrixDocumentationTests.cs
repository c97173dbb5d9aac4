using WeChatLib.Api.Auth;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Architecture;

internal sealed class RoleMatrixDocumentationTests
{
    [Test]
    public void The_readme_shows_the_role_matrix_the_code_enforces()
    {
        var readme = File.ReadAllLines(Path.Combine(TestServices.RepositoryRoot, "README.md"));
        var header = Array.FindIndex(readme, l => l.StartsWith("| capability | admin | circulation | reference | announcer |", StringComparison.Ordinal));
        header.ShouldBeGreaterThan(0, "README has no role table");
        var roles = readme[header].Split('|', StringSplitOptions.TrimEntries)[2..^1];

        var documented = readme.Skip(header + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..^1])
            .ToDictionary(cells => cells[0], cells => roles.Where((_, i) => cells[i + 1] == "✓").Order().ToArray());

        var enforced = StaffPermissions.Matrix.ToDictionary(m => m.Key.ToString(), m => m.Value.Select(r => r.RoleCode()).Order().ToArray());
        documented.Keys.ShouldBe(enforced.Keys, ignoreOrder: true);
        foreach (var (capability, allowed) in enforced)
            documented[capability].ShouldBe(allowed, $"README's row for {capability}");
    }
}
