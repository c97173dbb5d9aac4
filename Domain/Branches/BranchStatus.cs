namespace WeChatLib.Domain.Branches;

/// <summary>A branch as readers see it right now.</summary>
public sealed record BranchStatus(Branch Branch, bool OpenNow);
