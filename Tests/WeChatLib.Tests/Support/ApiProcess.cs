using System.Diagnostics;

namespace WeChatLib.Tests.Support;

/// <summary>Runs the built Api executable as an operator would, configured through environment variables.</summary>
internal static class ApiProcess
{
    /// <summary>Starts a serving instance on a free port; its output is read and dropped so it never blocks.</summary>
    public static Process StartServing(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var start = Describe(["--urls", $"http://127.0.0.1:{Ports.Free()}"], settings, "Production");
        start.RedirectStandardInput = false;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>> settings, string environment = "Production", string? input = null,
        string? workingDirectory = null)
    {
        var start = Describe(arguments, settings, environment);
        start.WorkingDirectory = workingDirectory ?? start.WorkingDirectory;
        using var process = Process.Start(start)!;
        if (input is not null)
            await process.StandardInput.WriteLineAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo Describe(IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>> settings, string environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "WeChatLib.Api.dll"), .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return start;
    }
}
