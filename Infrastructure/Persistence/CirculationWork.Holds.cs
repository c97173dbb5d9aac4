using Dapper;
using Npgsql;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// Holds, recalls and the routing of copies, in the same transaction as the loans they follow. Locks are taken in one
/// order everywhere (reader, title, item, loan, hold), so that no two changes wait on each other in a circle.
/// </summary>
internal sealed partial class CirculationWork
{
    public async Task<BranchRef?> FindBranchAsync(string code, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<BranchRef>(new CommandDefinition(
            "select id, code, name, name_en as NameEn from branches where code = lower(@code)", new { code }, transaction, cancellationToken: cancellationToken));

    public async Task<LibraryCalendar> CalendarAsync(short branchId, CancellationToken cancellationToken) =>
        (await CalendarsAsync(cancellationToken)).GetValueOrDefault(branchId) ?? LoanRow.NoHours;

    public async Task<Patron?> LockReaderAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(new CommandDefinition(
            $"{CirculationSql.SelectReader} {where} for no key update of p", parameters, transaction, cancellationToken: cancellationToken));
        return row?.ToPatron();
    }

    public async Task<HoldRequestCase?> LockTitleForHoldAsync(Patron reader, TitleRef title, CancellationToken cancellationToken)
    {
        var (where, parameters) = title switch
        {
            TitleRef.Id id => ("id = @titleId", (object)new { titleId = id.TitleId, isbn = "" }),
            TitleRef.Isbn isbn => ("isbn = @isbn and isbn <> ''", new { titleId = 0L, isbn = Domain.Catalogue.Isbn.Normalize(isbn.Value) ?? "" }),
            _ => throw new ArgumentOutOfRangeException(nameof(title)),
        };
        var locked = (await connection.QueryAsync<(long Id, string Title)>(new CommandDefinition(
            $"select id, title from titles where {where} for no key update", parameters, transaction, cancellationToken: cancellationToken))).ToList();
        if (locked.Count == 0)
            return null;
        var found = locked[0];

        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            select b.code as branch_code, i.status from items i join branches b on b.id = i.branch_id where i.title_id = @titleId order by i.id;
            select exists (select 1 from loans l join items i on i.id = l.item_id
                           where i.title_id = @titleId and l.patron_id = @patronId and l.returned_at is null) as has_on_loan,
                   exists (select 1 from holds where patron_id = @patronId and title_id = @titleId and status in {HoldSql.Active}) as already_holds,
                   (select count(*)::int from holds where patron_id = @patronId and status in {HoldSql.Active}) as open_holds,
                   hp.max_open_holds, hp.pickup_open_days,
                   exists (select 1 from items i join loan_policies lp on lp.item_type = i.item_type and lp.patron_group = @patronGroup
                           where i.title_id = @titleId and i.status not in ('lost', 'withdrawn') and lp.max_open_loans > 0) as may_borrow
            from (select 1) one left join hold_policies hp on hp.patron_group = @patronGroup;
            select id, code, name, name_en as NameEn from branches order by id;
            """, new { titleId = found.Id, patronId = reader.Id, patronGroup = reader.Group.Code() }, transaction, cancellationToken: cancellationToken));
        var copies = (await results.ReadAsync<(string BranchCode, string Status)>()).Select(c => new CopyState(c.BranchCode, c.Status)).ToList();
        var facts = await results.ReadSingleAsync<(bool HasOnLoan, bool AlreadyHolds, int OpenHolds, int? MaxOpenHolds, int? PickupOpenDays, bool MayBorrow)>();
        var branches = (await results.ReadAsync<BranchRef>()).ToList();
        var policy = facts.MaxOpenHolds is { } max ? new HoldPolicy(max, facts.PickupOpenDays!.Value) : HoldPolicy.None;
        return new HoldRequestCase(found.Id, found.Title, copies, facts.HasOnLoan, facts.AlreadyHolds, facts.OpenHolds, policy, branches, facts.MayBorrow);
    }

    public async Task<long?> AddHoldAsync(NewHold hold, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into holds (patron_id, title_id, pickup_branch_id, not_needed_after, placed_at)
                values (@PatronId, @TitleId, @PickupBranchId, @NotNeededAfter, @placedAt)
                returning id
                """, new { hold.PatronId, hold.TitleId, hold.PickupBranchId, hold.NotNeededAfter, placedAt = hold.PlacedAt.ToUniversalTime() },
                transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "holds_one_active_per_reader_and_title" })
        {
            return null;
        }
    }

    public Task<int> QueuePositionAsync(long holdId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            select count(*)::int from holds q join holds h on h.id = @holdId
            where q.title_id = h.title_id and q.status = 'waiting' and q.id <= h.id
            """, new { holdId }, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<RecallCandidate>> LockLoansForRecallAsync(long titleId, CancellationToken cancellationToken)
    {
        // In loan id order, as a reader's renewals lock them: the two never wait on each other in a circle.
        var rows = await connection.QueryAsync<(long LoanId, long PatronId, string Barcode, DateOnly LoanedOn, DateOnly DueOn, bool Recalled,
            short BranchId, int? RecallReturnDays, int? GuaranteedLoanDays)>(new CommandDefinition("""
            select l.id, l.patron_id, i.barcode, l.loaned_on, l.due_on, l.recalled_at is not null, i.branch_id,
                   lp.recall_return_days, lp.guaranteed_loan_days
            from loans l
            join items i on i.id = l.item_id
            join patrons p on p.id = l.patron_id
            left join loan_policies lp on lp.patron_group = p.patron_group and lp.item_type = i.item_type
            where i.title_id = @titleId and l.returned_at is null
            order by l.id
            for update of l
            """, new { titleId }, transaction, cancellationToken: cancellationToken));
        var calendars = await CalendarsAsync(cancellationToken);
        return [.. rows.Select(r => new RecallCandidate(r.LoanId, r.PatronId, r.Barcode, r.LoanedOn, r.DueOn, r.Recalled,
            r.RecallReturnDays is { } days ? new RecallPolicy(days, r.GuaranteedLoanDays!.Value) : RecallPolicy.Default,
            calendars.GetValueOrDefault(r.BranchId) ?? LoanRow.NoHours))];
    }

    public Task<RecallDemand> RecallDemandAsync(long titleId, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<RecallDemand>(new CommandDefinition("""
            select (select count(*)::int from holds where title_id = @titleId and status = 'waiting') as WaitingHolds,
                   (select count(*)::int from items i where i.title_id = @titleId and i.status = 'in_transit'
                       and not exists (select 1 from holds h where h.item_id = i.id and h.status = 'in_transit')) as CopiesOnTheirWay
            """, new { titleId }, transaction, cancellationToken: cancellationToken));

    public async Task<bool> RecallLoanAsync(long loanId, DateOnly newDueOn, DateTimeOffset recalledAt, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            update loans set recalled_at = @recalledAt, due_on = @newDueOn
            where id = @loanId and recalled_at is null and returned_at is null
            """, new { loanId, newDueOn, recalledAt = recalledAt.ToUniversalTime() }, transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<HoldCase?> LockHoldAsync(long holdId, CancellationToken cancellationToken)
    {
        var titleId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select title_id from holds where id = @holdId", new { holdId }, transaction, cancellationToken: cancellationToken));
        if (titleId is null)
            return null;
        await connection.ExecuteAsync(new CommandDefinition(HoldSql.LockTitle, new { titleId }, transaction, cancellationToken: cancellationToken));
        var hold = await connection.QuerySingleAsync<HoldRow>(new CommandDefinition(
            $"{HoldSql.SelectHolds} where h.id = @holdId for update of h", new { holdId }, transaction, cancellationToken: cancellationToken));
        if (hold.ItemBarcode is null || !HoldStatus.IsActive(hold.Status))
            return new HoldCase(hold.ToHold(), null);
        var item = await connection.QuerySingleAsync<RoutableItemRow>(new CommandDefinition(
            $"{HoldSql.LockRoutableItem.Replace("where i.id = @itemId", "where i.id = (select item_id from holds where id = @holdId)", StringComparison.Ordinal)}",
            new { holdId }, transaction, cancellationToken: cancellationToken));
        return new HoldCase(hold.ToHold(), item.ToItem());
    }

    public async Task<WaitingHold?> LockHoldInTransitAsync(long itemId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<WaitingHoldRow>(new CommandDefinition(
            $"{HoldSql.SelectWaitingHolds} where h.item_id = @itemId and h.status = 'in_transit' for update of h",
            new { itemId }, transaction, cancellationToken: cancellationToken)))?.ToHold();

    public async Task<WaitingHold?> LockNextWaitingHoldAsync(long titleId, DateOnly today, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<WaitingHoldRow>(new CommandDefinition($"""
            {HoldSql.SelectWaitingHolds}
            where h.title_id = @titleId and h.status = 'waiting' and (h.not_needed_after is null or h.not_needed_after >= @today)
              -- A reader who may not borrow now keeps their place but is passed over: the copy would only wait in vain.
              and p.status = 'active' and p.expires_on >= @today
            order by h.id
            limit 1
            for update of h
            """, new { titleId, today }, transaction, cancellationToken: cancellationToken)))?.ToHold();

    public Task EndHoldAsync(long holdId, string status, string reason, string actor, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update holds set status = @status, end_reason = @reason, ended_by = @actor, ended_at = @at where id = @holdId
            """, new { holdId, status, reason, actor, at = at.ToUniversalTime() }, transaction, cancellationToken: cancellationToken));

    public Task PutOnHoldShelfAsync(long itemId, long holdId, DateTimeOffset at, DateOnly pickupBy, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update items set status = 'on_hold_shelf', transit_to = null, transit_since = null, updated_at = now() where id = @itemId;
            update holds set status = 'ready', item_id = @itemId, ready_at = @at, pickup_by = @pickupBy where id = @holdId;
            """, new { itemId, holdId, at = at.ToUniversalTime(), pickupBy }, transaction, cancellationToken: cancellationToken));

    public Task SendInTransitAsync(long itemId, short toBranchId, long? holdId, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            update items set status = 'in_transit', transit_to = @toBranchId, transit_since = @at, updated_at = now() where id = @itemId;
            update holds set status = 'in_transit', item_id = @itemId where id = @holdId;
            """, new { itemId, toBranchId, holdId, at = at.ToUniversalTime() }, transaction, cancellationToken: cancellationToken));

    public Task ShelveAsync(long itemId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "update items set status = 'available', transit_to = null, transit_since = null, updated_at = now() where id = @itemId",
            new { itemId }, transaction, cancellationToken: cancellationToken));

    public Task EnqueueAsync(Notice notice, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(connection, transaction, notice, cancellationToken);

    /// <summary>Locks the title of the item with the barcode, if there is such an item.</summary>
    private async Task LockTitleOfItemAsync(string barcode, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "select t.id from titles t where t.id = (select title_id from items where barcode = @barcode) for no key update",
            new { barcode }, transaction, cancellationToken: cancellationToken));
}
