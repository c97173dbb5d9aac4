using Dapper;
using Npgsql;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>Followers of the account, kept from subscribe and unsubscribe events.</summary>
public sealed class FollowerStore(NpgsqlDataSource dataSource)
{
    public async Task SubscribedAsync(string openId, DateTimeOffset at, string scene, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into followers (openid, subscribed_at, scene) values (@openId, @at, @scene)
            on conflict (openid) do update set subscribed_at = excluded.subscribed_at, unsubscribed_at = null, scene = excluded.scene
            """, new { openId, at, scene }, cancellationToken: cancellationToken));
    }

    public async Task UnsubscribedAsync(string openId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into followers (openid, subscribed_at, unsubscribed_at) values (@openId, @at, @at)
            on conflict (openid) do update set unsubscribed_at = excluded.unsubscribed_at
            """, new { openId, at }, cancellationToken: cancellationToken));
    }
}
