using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>The policy for a patron group × item type, or a clear answer that the library has none.</summary>
public abstract record PolicyResolution
{
    private PolicyResolution()
    {
    }

    public sealed record Found(LoanPolicy Policy) : PolicyResolution;

    /// <summary>The library has not said how this group borrows this item type: staff must add a policy.</summary>
    public sealed record NoPolicy(PatronGroup Group, string ItemType) : PolicyResolution;
}
