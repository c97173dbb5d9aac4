namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// The library's fairness rules for seats (one row, <c>seat_rules</c>): <see cref="ViolationsToSuspend"/> violations
/// within <see cref="ViolationWindowDays"/> days suspend seat booking for <see cref="SuspensionDays"/> days; a reader
/// may cancel <see cref="DailyCancellations"/> bookings a day.
/// </summary>
public sealed record SeatFairnessPolicy(int ViolationsToSuspend, int ViolationWindowDays, int SuspensionDays, int DailyCancellations)
{
    public static readonly SeatFairnessPolicy Default = new(3, 30, 7, 3);

    public TimeSpan ViolationWindow => TimeSpan.FromDays(ViolationWindowDays);

    public TimeSpan Suspension => TimeSpan.FromDays(SuspensionDays);
}
