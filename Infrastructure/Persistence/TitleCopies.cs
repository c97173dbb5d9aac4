using Dapper;
using Npgsql;
using WeChatLib.Domain.Catalogue;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>Titles' copies that circulate and those on the shelf, branch by branch: what a search hit and a new arrival show.</summary>
internal static class TitleCopies
{
    public static async Task<ILookup<long, BranchCopies>> PerBranchAsync(NpgsqlConnection connection, long[] titleIds, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<BranchCopiesRow>(new CommandDefinition("""
            select i.title_id as TitleId, b.code as Branch, b.name as Name, b.name_en as NameEn,
                   count(*) filter (where i.status not in ('lost', 'withdrawn'))::int as Copies,
                   count(*) filter (where i.status = 'available')::int as Available
            from items i join branches b on b.id = i.branch_id
            where i.title_id = any(@titleIds)
            group by i.title_id, b.code, b.name, b.name_en
            having count(*) filter (where i.status not in ('lost', 'withdrawn')) > 0
            order by b.code
            """, new { titleIds }, cancellationToken: cancellationToken));
        return rows.ToLookup(r => r.TitleId, r => r.ToBranchCopies());
    }

    private sealed record BranchCopiesRow(long TitleId, string Branch, string Name, string NameEn, int Copies, int Available)
    {
        public BranchCopies ToBranchCopies() => new(Branch, Name, NameEn, Copies, Available);
    }
}
