using Dapper;
using Npgsql;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// Circulation kept in PostgreSQL. A reader's loan list is one round trip (the reader, the loans with their policy and
/// hold flag, the calendars); changes go through <see cref="CirculationWork"/>, one transaction with row locks.
/// </summary>
internal sealed class CirculationStore(NpgsqlDataSource dataSource) : ICirculation
{
    public async Task<ReaderLoans?> OpenLoansAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"""
            {CirculationSql.SelectReader} {where};
            {CirculationSql.SelectLoans} join patrons p on p.id = l.patron_id
                left join wechat_bindings wb on wb.patron_id = p.id
                {where} and l.returned_at is null order by l.due_on, l.id;
            {CirculationSql.SelectCalendars}
            """, parameters, cancellationToken: cancellationToken));
        var patron = (await results.ReadSingleOrDefaultAsync<PatronRow>())?.ToPatron();
        var loans = (await results.ReadAsync<LoanRow>()).ToList();
        var calendars = await CirculationSql.ReadCalendarsAsync(results);
        return patron is null ? null : new ReaderLoans(patron, [.. loans.Select(l => l.ToCase(calendars))]);
    }

    public async Task<IReadOnlyList<LoanOnRecord>> LoanHistoryAsync(long patronId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Keyset paging on (checked_out_at, id), the order of loans_by_patron, with the last loan of the page as the cursor.
        var loans = (await connection.QueryAsync<LoanRow>(new CommandDefinition("""
            select l.id, l.patron_id, i.barcode, t.title, t.author, i.call_number, b.code as branch_code, i.branch_id, i.item_type,
                   l.loaned_on, l.due_on, l.renewal_count, l.recalled_at is not null as recalled, l.returned_at,
                   l.checked_out_at, l.checked_out_by, l.returned_by
            from loans l
            join items i on i.id = l.item_id
            join titles t on t.id = i.title_id
            join branches b on b.id = i.branch_id
            where l.patron_id = @patronId
              and (@before::bigint is null
                   or (l.checked_out_at, l.id) < (select c.checked_out_at, c.id from loans c where c.id = @before and c.patron_id = @patronId))
            order by l.checked_out_at desc, l.id desc
            limit @limit
            """, new { patronId, before, limit }, cancellationToken: cancellationToken))).ToList();
        if (loans.Count == 0)
            return [];
        var renewals = (await connection.QueryAsync<RenewalRow>(new CommandDefinition("""
            select loan_id, renewed_at, actor, channel, old_due_on, new_due_on, overridden, override_comment
            from renewals where loan_id = any(@ids) order by renewed_at, id
            """, new { ids = loans.Select(l => l.Id).ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(r => r.LoanId, r => r.ToRecord());
        return [.. loans.Select(l => l.ToRecord([.. renewals[l.Id]]))];
    }

    public async Task<ICirculationWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new CirculationWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
