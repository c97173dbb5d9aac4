using Dapper;
using Npgsql;
using WeChatLib.Domain.Branches;

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
