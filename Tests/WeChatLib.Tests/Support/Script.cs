using System.Diagnostics;

namespace WeChatLib.Tests.Support;

/// <summary>Runs the repository's own scripts (the same ones the run and test commands use).</summary>
internal static class Script
{
    public static async Task RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestServices.RepositoryRoot, "scripts", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/{script} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
    }
}
