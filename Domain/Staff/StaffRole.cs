namespace WeChatLib.Domain.Staff;

public enum StaffRole
{
    /// <summary>Everything, including staff accounts, configuration and menu publishing.</summary>
    Admin,

    /// <summary>Patrons, bindings, imports, loans, holds, renewal overrides, overdue follow-up, the outbox views.</summary>
    Circulation,

    /// <summary>Catalogue, e-resources and readers' reports.</summary>
    Reference,

    /// <summary>Announcements.</summary>
    Announcer,
}
