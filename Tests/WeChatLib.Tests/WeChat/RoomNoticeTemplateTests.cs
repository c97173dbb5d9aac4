using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Rooms;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Tests.WeChat;

/// <summary>The shipped room templates take what room notices carry, long names cut to WeChat's 20 characters, and link to the booking.</summary>
internal sealed class RoomNoticeTemplateTests
{
    private static readonly LibraryClock Clock = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero)),
        TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 14, 30, 0, TimeSpan.FromHours(8));

    private static readonly RoomBooking Booking = new(1234, 5, "M4-SEM1", "四楼东侧多媒体研讨室（仅限教职工与研究生使用）", "Seminar 1", "main", 1, Start,
        Start.AddHours(2), "", RoomBookingStatus.Pending, Start.AddMinutes(-30), null, null, null, null, null, null, null, null, Start.AddHours(-3),
        [
            new(1, "2024001234", "欧阳娜娜娜娜", RoomMember.Organiser, RoomMember.Confirmed, null, true),
            new(2, "2024005678", "李四", RoomMember.Companion, RoomMember.Invited, null, false),
        ]);

    public static IEnumerable<TestCaseData> Notices()
    {
        yield return new TestCaseData(RoomNotices.Invitation(Booking, 2, "欧阳娜娜娜娜来自计算机科学与技术学院", Clock)).SetName("room-invitation");
        yield return new TestCaseData(RoomNotices.Confirmed(Booking, [2], RoomLimits.Default, Clock).Single()).SetName("room-confirmed");
        yield return new TestCaseData(RoomNotices.Approval(Booking, false, "该时段已安排学院的博士论文答辩，请改约其他时段", Clock)[0]).SetName("room-approval");
        yield return new TestCaseData(RoomNotices.Cancelled(Booking, Booking.Members, "图书馆举办新生入馆教育讲座，研讨室临时关闭", Clock)[1]).SetName("room-cancelled");
    }

    [TestCaseSource(nameof(Notices))]
    public void A_room_notice_fits_its_shipped_template(Notice notice)
    {
        var options = new NoticesOptions();
        new ConfigurationBuilder().AddJsonFile(Path.Combine(Support.TestServices.RepositoryRoot, "Api", "appsettings.Development.json"))
            .Build().GetSection(NoticesOptions.Section).Bind(options);

        var message = new TemplateMapping(Options.Create(options)).Build(notice.Kind, notice.Fields, "https://lib.example")
            .ShouldBeOfType<TemplateBuild.Ready>().Message;

        message.Data.Values.ShouldAllBe(v => TemplateMapping.Length(v) <= TemplateMapping.MaxFieldLength);
        message.Url.ShouldBe("https://lib.example/h5/rooms?booking=1234");
        notice.Key.ShouldBe($"{notice.Kind}:1234:{notice.PatronId}");
    }
}
