namespace WeChatLib.Tests.Support;

/// <summary>The service sent or accepted something that openapi.yaml does not describe.</summary>
internal sealed class OpenApiViolationException(IReadOnlyList<string> violations) : Exception(
    "openapi.yaml does not describe this exchange (fix the service or the document, then run scripts/update-openapi.sh):\n  "
    + string.Join("\n  ", violations))
{
    // Not public: test runners print public members of an exception, and the message already lists these.
    internal IReadOnlyList<string> Violations { get; } = violations;
}
