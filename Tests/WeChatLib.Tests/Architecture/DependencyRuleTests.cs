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
    public void Chat_actions_and_endpoints_reach_circulation_and_the_catalogue_only_through_use_cases()
    {
        Type[] ports = [typeof(WeChatLib.Domain.Loans.ICirculation), typeof(WeChatLib.Domain.Loans.ICirculationWork),
            typeof(WeChatLib.Domain.Catalogue.ICatalogueStore), typeof(WeChatLib.Domain.Loans.ILoanPolicies)];
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        var offenders = typeof(WeChatLib.Api.Endpoints.MyLoanEndpoints).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType))
                .Concat(t.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)))
                .Concat(t.GetFields(all).Select(f => f.FieldType))
                .Where(ports.Contains)
                .Select(port => $"{t.FullName} takes {port.Name}"))
            .Distinct()
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [Test]
    public void Infrastructure_does_not_reference_the_api() =>
        Infrastructure.GetReferencedAssemblies().ShouldNotContain(a => a.Name == "WeChatLib.Api");
}
