using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration.Outbox;

internal sealed class OutboxTransactionTests
{
    [Test]
    public async Task A_notice_commits_or_rolls_back_with_the_change_that_caused_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["Outbox:WorkersEnabled"] = "false";
        var outbox = api.Services.GetRequiredService<NotificationOutbox>();
        var dataSource = api.Services.GetRequiredService<NpgsqlDataSource>();

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("insert into branches (code, name, name_en) values ('west', '西区分馆', 'West')", transaction: transaction);
            await outbox.EnqueueAsync(connection, transaction, Notice.Reply("reply:rolled-back", "oTx000000000000000000000001", "不会发送"), CancellationToken.None);
            await transaction.RollbackAsync();
        }
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("insert into branches (code, name, name_en) values ('north', '北区分馆', 'North')", transaction: transaction);
            await outbox.EnqueueAsync(connection, transaction, Notice.Reply("reply:committed", "oTx000000000000000000000001", "会发送"), CancellationToken.None);
            await transaction.CommitAsync();
        }

        (await database.StateAsync("reply:rolled-back")).ShouldBeNull();
        (await database.StateAsync("reply:committed")).ShouldBe("pending");
    }
}
