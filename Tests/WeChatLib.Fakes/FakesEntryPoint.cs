namespace WeChatLib.Fakes;

/// <summary>Runs the fakes as a process of their own, as the development run command does.</summary>
internal static class FakesEntryPoint
{
    public static Task Main(string[] args) => FakeServer.Build(args, FakeWeChatAccount.Development).RunAsync();
}
