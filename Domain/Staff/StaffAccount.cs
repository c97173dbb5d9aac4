namespace WeChatLib.Domain.Staff;

public sealed record StaffAccount(long Id, string Username, string DisplayName, string PasswordHash, IReadOnlyList<StaffRole> Roles, bool Active);
