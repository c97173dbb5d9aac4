using System.Reflection;

namespace WeChatLib.Tests.Architecture;

internal sealed class DependencyRuleTests
{
    private static readonly Assembly Domain = typeof(WeChatLib.Domain.Branches.Branch).Assembly;
    private static readonly Assembly Infrastructure = typeof(WeChatLib.Infrastructure.DependencyInjection).Assembly;

    [Test]
    public void Domain_references_nothing_but_the_base_class_library()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldNotBeEmpty();
        references.ShouldAllBe(name => name.StartsWith("System.", StringComparison.Ordinal) || name == "System");
    }

    [TestCase("Npgsql")]
    [TestCase("Dapper")]
    [TestCase("StackExchange.Redis")]
    [TestCase("Microsoft.AspNetCore")]
    [TestCase("Microsoft.Extensions")]
    public void Domain_does_not_reference(string forbidden) =>
        Domain.GetReferencedAssemblies().ShouldNotContain(a => a.Name!.StartsWith(forbidden, StringComparison.Ordinal));

    [Test]
    public void Infrastructure_does_not_reference_the_api() =>
        Infrastructure.GetReferencedAssemblies().ShouldNotContain(a => a.Name == "WeChatLib.Api");
}
