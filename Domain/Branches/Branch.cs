namespace WeChatLib.Domain.Branches;

/// <summary>A library building readers visit: the main library or one of its branches.</summary>
public sealed record Branch(string Code, string Name, string NameEn, string Address, IReadOnlyList<OpeningHours> Hours)
{
    public bool IsOpenAt(DateTime localTime) => Hours.Any(h => h.Covers(localTime));
}
