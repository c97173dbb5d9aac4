namespace WeChatLib.Domain.Holds;

/// <summary>A branch as holds name it: its row id, its code and its names for readers.</summary>
public sealed record BranchRef(short Id, string Code, string Name, string NameEn);
