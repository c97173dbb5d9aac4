using Microsoft.Extensions.Time.Testing;

namespace WeChatLib.Tests.Support;

/// <summary>
/// Moves a service's fake clock on in small steps with real pauses between them, so that its timers (workers, the
/// scheduler) fire and their work lands as it would on a real clock.
/// </summary>
internal static class ClockPump
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    public static async Task RunUntilAsync(this FakeTimeProvider clock, Func<Task<bool>> condition, string what, TimeSpan step, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting until {what}.");
            clock.Advance(step);
            await Task.Delay(Pause);
        }
    }

    public static async Task RunForAsync(this FakeTimeProvider clock, TimeSpan span, TimeSpan step)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += step)
        {
            clock.Advance(step);
            await Task.Delay(Pause);
        }
    }
}
