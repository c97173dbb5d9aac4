using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class BindingStore(NpgsqlDataSource dataSource) : IBindingStore
{
    private const string SelectBinding = "select patron_id, openid, bound_via, bound_at from wechat_bindings";

    public async Task<WeChatBinding?> FindByPatronAsync(long patronId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<BindingRow>(new CommandDefinition(
            $"{SelectBinding} where patron_id = @patronId", new { patronId }, cancellationToken: cancellationToken));
        return row?.ToBinding();
    }

    public async Task<WeChatBinding?> FindByOpenIdAsync(string openId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<BindingRow>(new CommandDefinition(
            $"{SelectBinding} where openid = @openId", new { openId }, cancellationToken: cancellationToken));
        return row?.ToBinding();
    }

    public async Task<BindOutcome> LinkAsync(long patronId, string openId, BindingRoute via, AuditEntry audit, CancellationToken cancellationToken)
    {
        string? violated;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into wechat_bindings (patron_id, openid, bound_via) values (@patronId, @openId, @via)",
                    new { patronId, openId, via = via.ToString().ToLowerInvariant() }, transaction, cancellationToken: cancellationToken));
                await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return BindOutcome.Bound;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                violated = e.ConstraintName;
            }
        }
        // The constraints decide, so that two instances binding at once cannot both win.
        var existing = await FindByPatronAsync(patronId, cancellationToken);
        return existing?.OpenId == openId ? BindOutcome.AlreadyBoundToThisOpenId
            : violated == "wechat_bindings_openid_key" ? BindOutcome.OpenIdBoundToAnotherCard
            : BindOutcome.CardBoundToAnotherOpenId;
    }

    public async Task<bool> UnbindAsync(long patronId, string? openId, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The openid is checked by the delete itself: a binding made meanwhile to another WeChat account is never removed.
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "delete from wechat_bindings where patron_id = @patronId and (@openId::text is null or openid = @openId)",
            new { patronId, openId }, transaction, cancellationToken: cancellationToken)) == 1;
        if (removed)
            await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task<BindingImportOutcome> ImportAsync(
        IReadOnlyList<(string CardNumber, string OpenId)> bindings, Func<string, AuditEntry> cardBound, Func<BindingImportOutcome, AuditEntry> imported,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cards = bindings.Select(b => b.CardNumber).ToArray();
        var openIds = bindings.Select(b => b.OpenId).ToArray();
        // Readers binding meanwhile wait for the few milliseconds the import takes, so its checks stay true.
        await connection.ExecuteAsync(new CommandDefinition(
            "lock table wechat_bindings in share row exclusive mode", transaction: transaction, cancellationToken: cancellationToken));

        // Every row's conflict, read under lock: an unknown card, or a card or openid already bound otherwise.
        var conflicts = (await connection.QueryAsync<(int Line, string Field, string Reason)>(new CommandDefinition("""
            select r.line::int, f.field, f.reason
            from unnest(@cards, @openIds) with ordinality as r (card, openid, line)
            left join patrons p on p.card_number = r.card
            left join wechat_bindings by_card on by_card.patron_id = p.id
            left join wechat_bindings by_openid on by_openid.openid = r.openid
            cross join lateral (values
                ('card_number', 'no patron has this card number', p.id is null),
                ('card_number', 'the card is already bound to another WeChat account', by_card.openid <> r.openid),
                ('openid', 'the openid is already bound to another card', by_openid.patron_id <> p.id)
            ) as f (field, reason, failed)
            where f.failed
            order by 1
            """, new { cards, openIds }, transaction, cancellationToken: cancellationToken))).ToList();
        if (conflicts.Count > 0)
            return new BindingImportOutcome([.. conflicts.Select(c => new RejectedRow(c.Line, c.Field, c.Reason))], 0, 0);

        var bound = (await connection.QueryAsync<string>(new CommandDefinition("""
            with inserted as (
                insert into wechat_bindings (patron_id, openid, bound_via)
                select p.id, r.openid, 'import'
                from unnest(@cards, @openIds) as r (card, openid)
                join patrons p on p.card_number = r.card
                on conflict do nothing
                returning patron_id)
            select p.card_number from inserted join patrons p on p.id = inserted.patron_id
            """, new { cards, openIds }, transaction, cancellationToken: cancellationToken))).Order(StringComparer.Ordinal).ToList();
        var outcome = new BindingImportOutcome([], bound.Count, bindings.Count - bound.Count);
        await AuditLog.WriteAsync(transaction, [.. bound.Select(cardBound), imported(outcome)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private sealed class BindingRow
    {
        public long PatronId { get; init; }
        public string Openid { get; init; } = "";
        public string BoundVia { get; init; } = "";
        public DateTime BoundAt { get; init; }

        public WeChatBinding ToBinding() =>
            new(PatronId, Openid, Enum.Parse<BindingRoute>(BoundVia, ignoreCase: true), new DateTimeOffset(BoundAt, TimeSpan.Zero));
    }
}
