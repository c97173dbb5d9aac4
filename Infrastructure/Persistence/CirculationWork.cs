using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>One circulation transaction: loans read for a change are locked (<c>for update</c>) until it ends.</summary>
internal sealed partial class CirculationWork(NpgsqlConnection connection, NpgsqlTransaction transaction, NotificationOutbox outbox) : ICirculationWork
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

    public async Task<Patron?> LockPatronAsync(string cardNumber, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(new CommandDefinition(
            $"{CirculationSql.SelectReader} where p.card_number = @cardNumber for no key update of p",
            new { cardNumber }, transaction, cancellationToken: cancellationToken));
        return row?.ToPatron();
    }

    public async Task<CheckoutCase?> LockItemForCheckoutAsync(Patron reader, string barcode, CancellationToken cancellationToken)
    {
        await LockTitleOfItemAsync(barcode, cancellationToken);
        var item = await connection.QuerySingleOrDefaultAsync<DeskItemRow>(new CommandDefinition(
            CirculationSql.LockItem, new { barcode }, transaction, cancellationToken: cancellationToken));
        if (item is null)
            return null;
        // Read after both locks: a checkout for this reader that committed while we waited is counted.
        var facts = await connection.QuerySingleAsync<CheckoutRow>(new CommandDefinition("""
            select (select count(*)::int from loans l join items oi on oi.id = l.item_id
                    where l.patron_id = @patronId and l.returned_at is null and oi.item_type = @itemType) as open_loans_of_type,
                   exists (select 1 from holds h where h.item_id = @itemId and h.status = 'ready' and h.patron_id <> @patronId)
                       as ready_for_another_reader,
                   (select h.id from holds h where h.item_id = @itemId and h.status = 'ready' and h.patron_id = @patronId)
                       as readers_ready_hold,
                   lp.loan_period_days, lp.renewal_period_days, lp.max_renewals, lp.renewable_days_before_due,
                   lp.overdue_renewable, lp.max_open_loans, lp.renewable, lp.renew_from, lp.recall_return_days, lp.guaranteed_loan_days
            from (select 1) one
            left join loan_policies lp on lp.patron_group = @patronGroup and lp.item_type = @itemType
            """,
            new { patronId = reader.Id, itemType = item.ItemType, itemId = item.Id, patronGroup = reader.Group.Code() },
            transaction, cancellationToken: cancellationToken));
        var calendar = (await CalendarsAsync(cancellationToken)).GetValueOrDefault(item.BranchId) ?? LoanRow.NoHours;
        return facts.ToCase(item, reader.Group, calendar);
    }

    public async Task<long?> OpenLoanAsync(NewLoan loan, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                with opened as (
                    insert into loans (patron_id, item_id, loaned_on, due_on, checked_out_at, checked_out_by)
                    values (@PatronId, @ItemId, @LoanedOn, @DueOn, @CheckedOutAt, @Actor)
                    returning id),
                lent as (update items set status = 'on_loan', transit_to = null, transit_since = null, updated_at = now() where id = @ItemId),
                filled as (update holds set status = 'fulfilled', end_reason = 'fulfilled', ended_at = @CheckedOutAt, ended_by = @Actor
                           where id = @FillsHold and status = 'ready')
                select id from opened
                """,
                new { loan.PatronId, loan.ItemId, loan.LoanedOn, loan.DueOn, CheckedOutAt = loan.CheckedOutAt.ToUniversalTime(), loan.Actor, loan.FillsHold },
                transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "loans_one_open_per_item" })
        {
            return null;
        }
    }

    public async Task<CheckinCase?> LockItemForCheckinAsync(string barcode, CancellationToken cancellationToken)
    {
        await LockTitleOfItemAsync(barcode, cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            {CirculationSql.LockItem};
            {CirculationSql.SelectLoans} where i.barcode = @barcode and l.returned_at is null for update of l;
            """, new { barcode }, transaction, cancellationToken: cancellationToken));
        var item = await results.ReadSingleOrDefaultAsync<DeskItemRow>();
        var loan = await results.ReadSingleOrDefaultAsync<LoanRow>();
        if (item is null)
            return null;
        var routing = await connection.QuerySingleAsync<RoutableItemRow>(new CommandDefinition(
            HoldSql.LockRoutableItem, new { itemId = item.Id }, transaction, cancellationToken: cancellationToken));
        return new CheckinCase(item.ToItem(), loan?.ToLoan(), routing.ToItem());
    }

    public async Task CloseLoanAsync(long loanId, long itemId, DateTimeOffset returnedAt, string actor, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            update loans set returned_at = @returnedAt, returned_by = @actor where id = @loanId and returned_at is null;
            update items set status = 'available', updated_at = now() where id = @itemId;
            """, new { loanId, itemId, returnedAt = returnedAt.ToUniversalTime(), actor }, transaction, cancellationToken: cancellationToken));
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
            LoanRef.Barcode barcode => ("where i.barcode = @barcode and l.returned_at is null", new { barcode = Domain.Catalogue.Barcode.Normalize(barcode.Value) }),
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
