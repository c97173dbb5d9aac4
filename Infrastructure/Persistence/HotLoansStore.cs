using Dapper;
using Npgsql;
using WeChatLib.Domain.NewArrivals;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The hot list as a table the refresh job rebuilds in one transaction: readers never wait on a count over the loans,
/// and a class filter is an index range over the few titles borrowed lately.
/// </summary>
internal sealed class HotLoansStore(NpgsqlDataSource dataSource, TimeProvider time) : IHotLoans
{
    public async Task<IReadOnlyList<HotTitle>> TopAsync(string? clcClass, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<HotTitle>(new CommandDefinition("""
            select h.title_id as TitleId, t.title as Title, t.author as Author, t.isbn as Isbn, t.clc_class as ClcClass, h.loans as Loans
            from hot_titles h join titles t on t.id = h.title_id
            where @clc::text is null or starts_with(h.clc_class, @clc)
            order by h.loans desc, h.title_id
            limit @limit
            """, new { clc = clcClass, limit }, cancellationToken: cancellationToken))];
    }

    public async Task<int> RefreshAsync(DateOnly since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One rebuild at a time: a second one's delete cannot see the rows the first inserts, so its inserts would collide
        // with them. The job runs once across instances; this keeps any other caller of a refresh safe too.
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(hashtext('hot-titles-refresh'))", transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("delete from hot_titles", transaction: transaction, cancellationToken: cancellationToken));
        var count = await connection.ExecuteAsync(new CommandDefinition("""
            insert into hot_titles (title_id, loans, clc_class, refreshed_at)
            select i.title_id, count(*)::int, t.clc_class, @now
            from loans l join items i on i.id = l.item_id join titles t on t.id = i.title_id
            where l.loaned_on >= @since
            group by i.title_id, t.clc_class
            """, new { since, now = time.GetUtcNow() }, transaction, cancellationToken: cancellationToken, commandTimeout: 600));
        await transaction.CommitAsync(cancellationToken);
        return count;
    }
}
