using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms.Schedule;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Tests.Domain.Rooms.Schedule;

/// <summary>The shipped development templates of the room schedule's notices, filled from notices the schedule really makes.</summary>
internal sealed class RoomScheduleTemplateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 31, 14, 0, 0, TimeSpan.FromHours(8));

    [Test]
    public async Task Every_room_schedule_notice_fits_its_shipped_template_even_with_a_long_room_name()
    {
        var port = new InMemoryRoomSchedule(new RoomNames("E-SEM-1201", "东区分馆十二楼学术报告厅旁多媒体研讨室（教师专用）", "East Campus Library Seminar Room 1201"));
        RoomMemberToTell[] group = [new(7, true, RoomMemberToTell.Confirmed, Language.Zh), new(8, false, RoomMemberToTell.Confirmed, Language.En)];
        port.Add(new LiveRoomBooking(1, 7, LiveRoomBooking.Confirmed, Start, Start.AddHours(2), Start.AddMinutes(-30), 10, 15), 2, group);
        port.Add(new LiveRoomBooking(2, 7, LiveRoomBooking.Pending, Start.AddHours(3), Start.AddHours(5), Start.AddMinutes(-10), 10, 15), 3, group);
        port.Add(new LiveRoomBooking(3, 7, LiveRoomBooking.Confirmed, Start.AddHours(-1), Start, Start.AddHours(-2), 10, 15), 2, group);
        await Use(port, Start.AddMinutes(-10)).HandleAsync(CancellationToken.None);

        var options = new NoticesOptions();
        new ConfigurationBuilder().AddJsonFile(Path.Combine(Support.TestServices.RepositoryRoot, "Api", "appsettings.Development.json"))
            .Build().GetSection(NoticesOptions.Section).Bind(options);
        var mapping = new TemplateMapping(Options.Create(options));

        port.Notices.Select(n => n.Kind).Distinct().ShouldBe([NoticeKind.RoomStarting, NoticeKind.RoomLapsed, NoticeKind.RoomReleased], ignoreOrder: true);
        foreach (var notice in port.Notices)
        {
            var message = mapping.Build(notice.Kind, notice.Fields, "https://lib.example").ShouldBeOfType<TemplateBuild.Ready>($"{notice.Key}").Message;
            message.Data.Values.ShouldAllBe(v => TemplateMapping.Length(v) <= TemplateMapping.MaxFieldLength);
            message.Url.ShouldBe($"https://lib.example/h5/rooms?booking={notice.Fields["bookingId"]}");
        }
        new NoticesOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
    }

    private static RunRoomSchedule Use(InMemoryRoomSchedule port, DateTimeOffset now) =>
        new(port, new LibraryClock(new FakeTimeProvider(now), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
}
