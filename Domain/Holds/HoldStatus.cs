namespace WeChatLib.Domain.Holds;

/// <summary>
/// Where a hold stands: <c>waiting</c> in the queue, <c>in_transit</c> (a copy is on its way to the pickup branch),
/// <c>ready</c> on the hold shelf, or ended: <c>fulfilled</c> (lent), <c>cancelled</c>, <c>expired</c>.
/// </summary>
public static class HoldStatus
{
    public const string Waiting = "waiting";
    public const string InTransit = "in_transit";
    public const string Ready = "ready";
    public const string Fulfilled = "fulfilled";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";

    public static bool IsActive(string status) => status is Waiting or InTransit or Ready;
}

/// <summary>Why a hold ended.</summary>
public static class HoldEndReason
{
    public const string Fulfilled = "fulfilled";
    public const string CancelledByReader = "cancelled_by_reader";
    public const string CancelledByStaff = "cancelled_by_staff";
    /// <summary>Unfilled by the date the reader set.</summary>
    public const string NotNeeded = "not_needed";
    /// <summary>The copy waited on the shelf until the pickup deadline passed.</summary>
    public const string PickupExpired = "pickup_expired";
}
