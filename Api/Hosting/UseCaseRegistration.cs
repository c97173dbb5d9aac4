using Microsoft.Extensions.Options;
using WeChatLib.Domain.Announcements;
using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Catalogue;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Overdue;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;
using WeChatLib.Domain.Seats;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Domain.Staff;

namespace WeChatLib.Api.Hosting;

public static class UseCaseRegistration
{
    /// <summary>Registers every Domain use case in one place; Domain itself knows nothing of DI.</summary>
    public static IServiceCollection AddUseCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LibraryOptions>().Bind(configuration.GetSection(LibraryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LibraryOptions>, LibraryOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new LibraryClock(
            provider.GetRequiredService<TimeProvider>(),
            TimeZoneInfo.FindSystemTimeZoneById(provider.GetRequiredService<IOptions<LibraryOptions>>().Value.TimeZone)));

        services.AddSingleton<ListBranches>();
        services.AddSingleton<GetBranch>();
        services.AddSingleton<GetBranchCalendar>();
        services.AddSingleton<SetCalendarDate>();
        services.AddSingleton<RemoveCalendarDate>();

        services.AddSingleton<ImportTitles>();
        services.AddSingleton<ImportItems>();
        services.AddSingleton<SearchTitles>();
        services.AddSingleton<ManageSubscriptions>();
        services.AddSingleton<ListNewArrivals>();
        services.AddSingleton<RunNewArrivalsDigest>();
        services.AddSingleton<ListHotLoans>();

        services.AddSingleton<ReaderGate>();

        services.AddSingleton<ListMyLoans>();
        services.AddSingleton<GetTitleAvailability>();
        services.AddSingleton<PreviewRenewal>();
        services.AddSingleton<RenewLoan>();
        services.AddSingleton<RenewAllLoans>();
        services.AddSingleton<RenewLoanForPatron>();
        services.AddSingleton<ListPatronLoans>();
        services.AddSingleton<ListLoanHistory>();
        services.AddSingleton<CheckOutItem>();
        services.AddSingleton<CheckInItem>();
        services.AddSingleton<PlaceHold>();
        services.AddSingleton<CancelHold>();
        services.AddSingleton<ListMyHolds>();
        services.AddSingleton<HoldDesk>();
        services.AddSingleton<ExpireHolds>();
        services.AddSingleton<BookSeat>();
        services.AddSingleton<CancelSeatBooking>();
        services.AddSingleton<CheckInSeat>();
        services.AddSingleton<StartSeatLeave>();
        services.AddSingleton<ReturnFromSeatLeave>();
        services.AddSingleton<LeaveSeat>();
        services.AddSingleton<ListMySeatBookings>();
        services.AddSingleton<ListSeatZones>();
        services.AddSingleton<GetSeatMap>();
        services.AddSingleton<ManageSeats>();
        services.AddSingleton<CloseSeatZone>();
        services.AddSingleton<SeatOccupancy>();
        services.AddSingleton<ReleaseSeat>();
        services.AddSingleton<ReleaseSeats>();
        services.AddSingleton<Domain.Rooms.Schedule.RunRoomSchedule>();
        services.AddSingleton<GetSeatStanding>();
        services.AddSingleton<LiftSeatSuspension>();
        services.AddSingleton<GetSeatRules>();
        services.AddSingleton<UpdateSeatRules>();
        services.AddSingleton<ListRooms>();
        services.AddSingleton<GetRoomAvailability>();
        services.AddSingleton<GetRoomCalendar>();
        services.AddSingleton<ManageRooms>();
        services.AddSingleton<BlockRoom>();
        services.AddSingleton<BookRoom>();
        services.AddSingleton<ConfirmRoomInvitation>();
        services.AddSingleton<DeclineRoomInvitation>();
        services.AddSingleton<CancelRoomBooking>();
        services.AddSingleton<CheckInRoom>();
        services.AddSingleton<ListMyRoomBookings>();
        services.AddSingleton<ListFreeRooms>();
        services.AddSingleton<ListRoomApprovals>();
        services.AddSingleton<DecideRoomApproval>();
        services.AddSingleton<ListOverdueLoans>();
        services.AddSingleton<RecordOverdueContact>();
        services.AddSingleton<LoanFollowUpHistory>();
        services.AddSingleton<ListLoanPolicies>();
        services.AddSingleton<SetLoanPolicy>();
        services.AddSingleton<ListHoldPolicies>();
        services.AddSingleton<SetHoldPolicy>();
        services.AddSingleton<BindingCompletion>();
        services.AddSingleton<BindByPin>();
        services.AddSingleton<BindByCampusLogin>();
        services.AddSingleton<UnbindReader>();
        services.AddSingleton<CheckReaderSession>();
        services.AddSingleton<EndExpiredCardSessions>();
        services.AddSingleton<ChangePatronStatus>();
        services.AddSingleton<ImportPatrons>();
        services.AddSingleton<ImportBindings>();

        services.AddSingleton<NotificationPreferences>();
        services.AddSingleton<RecordDeliveryStatus>();
        services.AddSingleton<RunDueNoticeScan>();
        services.AddSingleton<ListNoticeScans>();
        services.AddSingleton<ListNoticeRules>();
        services.AddSingleton<UpdateNoticeRule>();

        services.AddSingleton<AnnouncementDesk>();
        services.AddSingleton<PreviewAnnouncement>();
        services.AddSingleton<ReadAnnouncements>();
        services.AddSingleton<RecordMassSendFinish>();

        services.AddSingleton<SignInStaff>();
        services.AddSingleton<CreateStaffAccount>();
        services.AddSingleton<UpdateStaffAccount>();
        return services;
    }
}
