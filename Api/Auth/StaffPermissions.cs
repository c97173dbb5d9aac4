using WeChatLib.Domain.Staff;

namespace WeChatLib.Api.Auth;

/// <summary>What each staff capability needs; the one place the role matrix lives (README shows the same table).</summary>
public enum StaffCapability
{
    StaffAccounts,
    Audit,
    Configuration,
    MenuPublishing,
    Patrons,
    Bindings,
    Loans,
    Holds,
    RenewalOverrides,
    OverdueFollowUp,
    Outbox,
    Catalogue,
    CatalogueImport,
    Calendars,
    LoanPolicies,
    EResources,
    ReaderReports,
    Announcements,
    Seats,
    SeatStanding,
    SeatRules,
    Rooms,
}

public static class StaffPermissions
{
    public static readonly IReadOnlyDictionary<StaffCapability, StaffRole[]> Matrix = new Dictionary<StaffCapability, StaffRole[]>
    {
        [StaffCapability.StaffAccounts] = [StaffRole.Admin],
        [StaffCapability.Audit] = [StaffRole.Admin],
        [StaffCapability.Configuration] = [StaffRole.Admin],
        [StaffCapability.MenuPublishing] = [StaffRole.Admin],
        [StaffCapability.Patrons] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.Bindings] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.Loans] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.Holds] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.RenewalOverrides] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.OverdueFollowUp] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.Outbox] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.Catalogue] = [StaffRole.Admin, StaffRole.Reference],
        [StaffCapability.CatalogueImport] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.Calendars] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.LoanPolicies] = [StaffRole.Admin],
        [StaffCapability.EResources] = [StaffRole.Admin, StaffRole.Reference],
        [StaffCapability.ReaderReports] = [StaffRole.Admin, StaffRole.Reference],
        [StaffCapability.Announcements] = [StaffRole.Admin, StaffRole.Announcer],
        [StaffCapability.Seats] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.SeatStanding] = [StaffRole.Admin, StaffRole.Circulation],
        [StaffCapability.SeatRules] = [StaffRole.Admin],
        [StaffCapability.Rooms] = [StaffRole.Admin, StaffRole.Circulation],
    };

    public static string Policy(StaffCapability capability) => $"staff:{capability}";

    public static string RoleCode(this StaffRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Gives a group of staff endpoints the capability's policy.</summary>
    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder, StaffCapability capability) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy(capability));
}
