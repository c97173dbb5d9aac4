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
