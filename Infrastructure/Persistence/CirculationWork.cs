using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>One circulation transaction: loans read for a change are locked (<c>for update</c>) until it ends.</summary>
internal sealed class CirculationWork(NpgsqlConnection connection, NpgsqlTransaction transaction) : ICirculationWork
{
    private IReadOnlyDictionary<short, Domain.Loans.LibraryCalendar>? calendars;

    public async Task<Patron?> FindReaderAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(new CommandDefinition(
            $"{CirculationSql.SelectReader} {where}", parameters, transaction, cancellationToken: cancellationToken));
        return row?.ToPatron();
    }

    public Task<RenewalCase?> FindLoanAsync(LoanRef loan, CancellationToken cancellationToken) => OneLoanAsync(loan, "", cancellationToken);

    public Task<RenewalCase?> LockLoanAsync(LoanRef loan, CancellationToken cancellationToken) => OneLoanAsync(loan, "for update of l", cancellationToken);

    public async Task<IReadOnlyList<RenewalCase>> LockOpenLoansAsync(long patronId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<LoanRow>(new CommandDefinition(
            $"{CirculationSql.SelectLoans} where l.patron_id = @patronId and l.returned_at is null order by l.id for update of l",
            new { patronId }, transaction, cancellationToken: cancellationToken));
        var calendarsNow = await CalendarsAsync(cancellationToken);
        return [.. rows.Select(r => r.ToCase(calendarsNow))];
    }

    public async Task RecordRenewalAsync(RenewalRecord renewal, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            update loans set due_on = @NewDueOn, renewal_count = renewal_count + 1 where id = @LoanId;
            insert into renewals (loan_id, actor, channel, old_due_on, new_due_on, overridden, override_comment)
            values (@LoanId, @Actor, @channel, @OldDueOn, @NewDueOn, @overridden, @OverrideComment);
            """,
            new
            {
                renewal.LoanId,
                renewal.Actor,
                channel = renewal.Channel.ToString().ToLowerInvariant(),
                renewal.OldDueOn,
                renewal.NewDueOn,
                overridden = renewal.Overridden.ToArray(),
                renewal.OverrideComment,
            }, transaction, cancellationToken: cancellationToken));
    }

    public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken) => AuditLog.WriteAsync(transaction, [entry], cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private async Task<RenewalCase?> OneLoanAsync(LoanRef loan, string locking, CancellationToken cancellationToken)
    {
        var (where, parameters) = loan switch
        {
            LoanRef.Id id => ("where l.id = @loanId", (object)new { loanId = id.LoanId }),
            // Barcodes are printed in capitals; a reader typing them in lower case means the same item.
            LoanRef.Barcode barcode => ("where i.barcode in (@barcode, upper(@barcode)) and l.returned_at is null", new { barcode = barcode.Value.Trim() }),
            _ => throw new ArgumentOutOfRangeException(nameof(loan)),
        };
        var row = await connection.QuerySingleOrDefaultAsync<LoanRow>(new CommandDefinition(
            $"{CirculationSql.SelectLoans} {where} {locking}", parameters, transaction, cancellationToken: cancellationToken));
        return row?.ToCase(await CalendarsAsync(cancellationToken));
    }

    private async Task<IReadOnlyDictionary<short, Domain.Loans.LibraryCalendar>> CalendarsAsync(CancellationToken cancellationToken)
    {
        if (calendars is null)
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                CirculationSql.SelectCalendars, transaction: transaction, cancellationToken: cancellationToken));
            calendars = await CirculationSql.ReadCalendarsAsync(results);
        }
        return calendars;
    }
}
