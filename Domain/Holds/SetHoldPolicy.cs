using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Holds;

/// <summary>
/// An admin sets how a patron group may hold: open holds at once, and open days a copy waits on the hold shelf. Holds
/// already placed stay; the limit applies to the next hold, the pickup days to the next copy put on the shelf.
/// </summary>
public sealed class SetHoldPolicy(IHoldPolicies policies)
{
    public const int MaxOpenHoldsLimit = 100;
    public const int MaxPickupOpenDays = 60;

    public async Task<HoldPolicyChange> HandleAsync(string? group, HoldPolicyRequest request, string actor, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (!PatronCodes.TryParseGroup(group, out var patronGroup))
            problems["group"] = [$"one of {string.Join(", ", PatronCodes.GroupCodes)}"];
        if (request.MaxOpenHolds is not (>= 0 and <= MaxOpenHoldsLimit))
            problems["maxOpenHolds"] = [$"required, from 0 to {MaxOpenHoldsLimit}"];
        if (request.PickupOpenDays is not (>= 1 and <= MaxPickupOpenDays))
            problems["pickupOpenDays"] = [$"required, from 1 to {MaxPickupOpenDays}"];
        if (problems.Count > 0)
            return new HoldPolicyChange.Invalid(problems);

        var policy = new HoldPolicy(request.MaxOpenHolds!.Value, request.PickupOpenDays!.Value);
        var entry = new HoldPolicyEntry(patronGroup, policy);
        var before = await policies.SaveAsync(entry, replaced => new AuditEntry(actor, "hold-policy.set", $"hold-policy:{patronGroup.Code()}",
            new Dictionary<string, string?> { ["before"] = replaced is null ? null : Describe(replaced), ["after"] = Describe(policy) }), cancellationToken);
        return new HoldPolicyChange.Saved(entry, before);
    }

    /// <summary>The policy in one line, as the audit log keeps it.</summary>
    public static string Describe(HoldPolicy policy) => string.Create(CultureInfo.InvariantCulture,
        $"maxOpenHolds={policy.MaxOpenHolds}; pickupOpenDays={policy.PickupOpenDays}");
}

/// <summary>A hold policy as staff send it; both members are required.</summary>
public sealed record HoldPolicyRequest(int? MaxOpenHolds, int? PickupOpenDays);

public abstract record HoldPolicyChange
{
    private HoldPolicyChange()
    {
    }

    /// <param name="Before">The policy replaced; null when the group had none.</param>
    public sealed record Saved(HoldPolicyEntry Entry, HoldPolicy? Before) : HoldPolicyChange;

    /// <summary>Each bad field with what is wrong with it.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : HoldPolicyChange;
}
