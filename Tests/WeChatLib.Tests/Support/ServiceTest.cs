namespace WeChatLib.Tests.Support;

/// <summary>
/// A fixture whose every test gets an empty database of its own and the service on it. A subclass's own
/// <c>[SetUp]</c> runs after this one (readers, clients) and its <c>[TearDown]</c> before the service stops.
/// </summary>
internal abstract class ServiceTest
{
    protected TestDatabase Database { get; private set; } = null!;

    protected ApiFactory Api { get; private set; } = null!;

    [SetUp]
    public async Task StartService()
    {
        Database = await TestDatabase.CreateAsync();
        Api = new ApiFactory(Database.ConnectionString);
    }

    [TearDown]
    public async Task StopService()
    {
        await Api.DisposeAsync();
        await Database.DisposeAsync();
    }
}
