using Dapper;
using Npgsql;
using WeChatLib.Domain.Loans;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// Circulation kept in PostgreSQL. A reader's loan list is one statement (the reader and the loans with their hold
/// flag) and the calendars and policies this instance read lately; changes go through <see cref="CirculationWork"/>,
/// one transaction with row locks, which reads them afresh.
/// </summary>
internal sealed partial class CirculationStore(NpgsqlDataSource dataSource, CirculationReference reference, NotificationOutbox outbox) : ICirculation
{
    public async Task<ReaderLoans?> OpenLoansAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        List<(PatronRow Patron, LoanRow? Loan)> rows;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            rows = [.. await connection.QueryAsync<PatronRow, LoanRow?, (PatronRow, LoanRow?)>(new CommandDefinition(
                $"{CirculationSql.SelectReaderWithOpenLoans} {where} order by l.due_on, l.id", parameters, cancellationToken: cancellationToken),
                (patron, loan) => (patron, loan), splitOn: "id")];
        }
        if (rows.Count == 0)
            return null;
        var known = await reference.CurrentAsync(cancellationToken);
        return new ReaderLoans(rows[0].Patron.ToPatron(), [.. rows.Where(r => r.Loan is not null).Select(r => r.Loan!.ToCase(known))]);
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

    public async Task<TitleAvailability?> TitleAvailabilityAsync(string isbn13, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition("""
            select isbn, title, author, publisher, year, clc_class from titles where isbn = @isbn13;
            select i.barcode, b.code as branch_code, i.location, i.call_number, i.item_type, i.status, l.due_on
            from titles t
            join items i on i.title_id = t.id
            join branches b on b.id = i.branch_id
            left join loans l on l.item_id = i.id and l.returned_at is null
            where t.isbn = @isbn13 and i.status <> 'withdrawn'
            order by b.id, i.call_number, i.barcode;
            """, new { isbn13 }, cancellationToken: cancellationToken));
        var title = await results.ReadSingleOrDefaultAsync<(string Isbn, string Title, string Author, string Publisher, int? Year, string ClcClass)>();
        var copies = (await results.ReadAsync<(string Barcode, string BranchCode, string Location, string CallNumber, string ItemType, string Status, DateOnly? DueOn)>())
            .Select(c => new CopyAvailability(c.Barcode, c.BranchCode, c.Location, c.CallNumber, c.ItemType, c.Status, c.DueOn))
            .ToList();
        return title.Title is null ? null : new TitleAvailability(title.Isbn, title.Title, title.Author, title.Publisher, title.Year, title.ClcClass, copies);
    }

    public async Task<ICirculationWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new CirculationWork(connection, transaction, outbox);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
