using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Branches;

/// <summary>What became of staff's change to a branch calendar.</summary>
public abstract record CalendarChange
{
    private CalendarChange()
    {
    }

    public sealed record Saved(CalendarDate Entry, bool Created) : CalendarChange;

    public sealed record Removed(CalendarDate Entry) : CalendarChange;

    public sealed record NoSuchBranch : CalendarChange;

    public sealed record NoSuchEntry : CalendarChange;

    /// <summary>Each bad field with what is wrong with it.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : CalendarChange;
}
