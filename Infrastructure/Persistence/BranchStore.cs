using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class BranchStore(NpgsqlDataSource dataSource) : IBranchStore
{
    private const string SelectBranches = """
        select b.code, b.name, b.name_en, b.address, h.weekday, h.opens_at, h.closes_at
        from branches b
        left join branch_opening_hours h on h.branch_id = b.id
        """;

    public async Task<IReadOnlyList<Branch>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<BranchRow>(new CommandDefinition(
            $"{SelectBranches} order by b.id, h.weekday", cancellationToken: cancellationToken));
        return ToBranches(rows);
    }

    public async Task<Branch?> FindAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<BranchRow>(new CommandDefinition(
            $"{SelectBranches} where b.code = @code order by h.weekday", new { code }, cancellationToken: cancellationToken));
        return ToBranches(rows).SingleOrDefault();
    }

    public async Task<LibraryCalendar?> CalendarAsync(string code, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition("""
            select id from branches where code = @code;
            select h.weekday, h.opens_at, h.closes_at from branch_opening_hours h join branches b on b.id = h.branch_id where b.code = @code;
            select c.date, c.reason, c.opens_at, c.closes_at from branch_calendar_dates c join branches b on b.id = c.branch_id
            where b.code = @code and c.date between @from and @to;
            """, new { code, from, to }, cancellationToken: cancellationToken));
        if (await results.ReadSingleOrDefaultAsync<short?>() is null)
            return null;
        var hours = await results.ReadAsync<(short Weekday, TimeOnly OpensAt, TimeOnly ClosesAt)>();
        var dates = await results.ReadAsync<(DateOnly Date, string Reason, TimeOnly? OpensAt, TimeOnly? ClosesAt)>();
        return new LibraryCalendar(
            hours.Select(h => new OpeningHours((DayOfWeek)h.Weekday, h.OpensAt, h.ClosesAt)),
            dates.Select(d => new CalendarDate(d.Date, d.Reason, d.OpensAt, d.ClosesAt)));
    }

    public async Task<bool> SetCalendarDateAsync(string code, CalendarDate entry, Func<CalendarDate?, AuditEntry> audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<short?>(new CommandDefinition(
                "select id from branches where code = @code", new { code }, transaction, cancellationToken: cancellationToken)) is not { } branchId)
            return false;
        // The entry replaced, locked, so that its audit row names what the change undid.
        var before = await LockEntryAsync(connection, transaction, branchId, entry.Date, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into branch_calendar_dates (branch_id, date, reason, opens_at, closes_at)
            values (@branchId, @Date, @Reason, @Opens, @Closes)
            on conflict (branch_id, date) do update set reason = excluded.reason, opens_at = excluded.opens_at, closes_at = excluded.closes_at
            """, new { branchId, entry.Date, entry.Reason, entry.Opens, entry.Closes }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, [audit(before)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<CalendarDate?> RemoveCalendarDateAsync(string code, DateOnly date, Func<CalendarDate, AuditEntry> audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = (await connection.QueryAsync<(DateOnly Date, string Reason, TimeOnly? OpensAt, TimeOnly? ClosesAt)>(new CommandDefinition("""
            delete from branch_calendar_dates c using branches b
            where b.id = c.branch_id and b.code = @code and c.date = @date
            returning c.date, c.reason, c.opens_at, c.closes_at
            """, new { code, date }, transaction, cancellationToken: cancellationToken)))
            .Select(d => new CalendarDate(d.Date, d.Reason, d.OpensAt, d.ClosesAt)).SingleOrDefault();
        if (removed is null)
            return null;
        await AuditLog.WriteAsync(transaction, [audit(removed)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    private static async Task<CalendarDate?> LockEntryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, short branchId, DateOnly date, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(DateOnly Date, string Reason, TimeOnly? OpensAt, TimeOnly? ClosesAt)>(new CommandDefinition("""
            select date, reason, opens_at, closes_at from branch_calendar_dates where branch_id = @branchId and date = @date for update
            """, new { branchId, date }, transaction, cancellationToken: cancellationToken)))
            .Select(d => new CalendarDate(d.Date, d.Reason, d.OpensAt, d.ClosesAt)).SingleOrDefault();

    private static List<Branch> ToBranches(IEnumerable<BranchRow> rows) =>
        [.. rows.GroupBy(r => r.Code).Select(g =>
        {
            var first = g.First();
            var hours = g.Where(r => r.Weekday is not null)
                .Select(r => new OpeningHours((DayOfWeek)r.Weekday!.Value, r.OpensAt!.Value, r.ClosesAt!.Value))
                .ToList();
            return new Branch(first.Code, first.Name, first.NameEn, first.Address, hours);
        })];

    // Hours are null for a branch with none recorded (the left join).
    private sealed class BranchRow
    {
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string NameEn { get; init; } = "";
        public string Address { get; init; } = "";
        public short? Weekday { get; init; }
        public TimeOnly? OpensAt { get; init; }
        public TimeOnly? ClosesAt { get; init; }
    }
}
