using Dapper;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>What readers and staff read of holds: committed state, no locks.</summary>
internal sealed partial class CirculationStore
{
    /// <summary>How long an ended hold stays in its reader's list.</summary>
    private static readonly TimeSpan EndedHoldsShown = TimeSpan.FromDays(30);

    public async Task<ReaderHolds?> HoldsOfAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        var (where, parameters) = CirculationSql.ReaderFilter(reader);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var patron = await connection.QuerySingleOrDefaultAsync<PatronRow>(new CommandDefinition(
            $"{CirculationSql.SelectReader} {where}", parameters, cancellationToken: cancellationToken));
        if (patron is null)
            return null;
        var holds = await connection.QueryAsync<HoldRow>(new CommandDefinition($"""
            {HoldSql.SelectHolds}
            where h.patron_id = @patronId and (h.status in {HoldSql.Active} or h.ended_at > now() - @shown)
            order by h.status in {HoldSql.Active} desc, h.status = 'ready' desc, h.placed_at desc, h.id desc
            """, new { patronId = patron.Id, shown = EndedHoldsShown }, cancellationToken: cancellationToken));
        return new ReaderHolds(patron.ToPatron(), [.. holds.Select(h => h.ToHold())]);
    }

    public async Task<HoldQueueOfTitle?> HoldQueueAsync(long titleId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var title = (await connection.QueryAsync<(long Id, string Title, string Author, string Isbn)>(new CommandDefinition(
            "select id, title, author, isbn from titles where id = @titleId", new { titleId }, cancellationToken: cancellationToken))).ToList();
        if (title.Count == 0)
            return null;
        var holds = await connection.QueryAsync<HoldRow>(new CommandDefinition($"""
            {HoldSql.SelectHolds}
            where h.title_id = @titleId and h.status in {HoldSql.Active}
            order by h.status = 'waiting', h.id
            """, new { titleId }, cancellationToken: cancellationToken));
        return new HoldQueueOfTitle(title[0].Id, title[0].Title, title[0].Author, title[0].Isbn, [.. holds.Select(h => h.ToStaffHold())]);
    }

    public async Task<IReadOnlyList<StaffHold>?> HoldShelfAsync(string branchCode, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var branchId = await connection.QuerySingleOrDefaultAsync<short?>(new CommandDefinition(
            "select id from branches where code = @branchCode", new { branchCode }, cancellationToken: cancellationToken));
        if (branchId is null)
            return null;
        var holds = await connection.QueryAsync<HoldRow>(new CommandDefinition($"""
            {HoldSql.SelectHolds}
            where h.pickup_branch_id = @branchId and h.status in ('ready', 'in_transit')
            order by h.status = 'ready' desc, h.pickup_by, h.id
            """, new { branchId }, cancellationToken: cancellationToken));
        return [.. holds.Select(h => h.ToStaffHold())];
    }

    public async Task<IReadOnlyList<TransitItem>> TransitsAsync(string? branchCode, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<TransitRow>(new CommandDefinition("""
            select i.barcode, t.title, tb.id as to_id, tb.code as to_code, tb.name as to_name, tb.name_en as to_name_en,
                   hb.id as home_id, hb.code as home_code, hb.name as home_name, hb.name_en as home_name_en, i.transit_since,
                   (select h.id from holds h where h.item_id = i.id and h.status = 'in_transit') as hold_id
            from items i
            join titles t on t.id = i.title_id
            join branches tb on tb.id = i.transit_to
            join branches hb on hb.id = i.branch_id
            where i.status = 'in_transit' and (@branchCode::text is null or tb.code = @branchCode)
            order by i.transit_since, i.id
            """, new { branchCode }, cancellationToken: cancellationToken))).ToList();
        var holdIds = rows.Where(r => r.HoldId is not null).Select(r => r.HoldId!.Value).ToArray();
        var holds = holdIds.Length == 0 ? new Dictionary<long, StaffHold>()
            : (await connection.QueryAsync<HoldRow>(new CommandDefinition($"{HoldSql.SelectHolds} where h.id = any(@holdIds)",
                new { holdIds }, cancellationToken: cancellationToken))).ToDictionary(h => h.Id, h => h.ToStaffHold());
        return [.. rows.Select(r => new TransitItem(r.Barcode, r.Title, new BranchRef(r.ToId, r.ToCode, r.ToName, r.ToNameEn),
            new BranchRef(r.HomeId, r.HomeCode, r.HomeName, r.HomeNameEn), new DateTimeOffset(DateTime.SpecifyKind(r.TransitSince, DateTimeKind.Utc)),
            r.HoldId is { } id ? holds.GetValueOrDefault(id) : null))];
    }

    public async Task<IReadOnlyList<long>> HoldsToExpireAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<long>(new CommandDefinition("""
            select id from holds where status = 'ready' and pickup_by < @today
            union
            select id from holds where status = 'waiting' and not_needed_after < @today
            order by 1
            """, new { today }, cancellationToken: cancellationToken))];
    }
}
