using Dapper;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class SchemaTests
{
    [Test]
    public async Task Every_foreign_key_has_an_index_leading_with_its_columns()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var api = new ApiFactory(database.ConnectionString))
            _ = api.Services; // starting the service migrates the database

        // A foreign key without such an index makes each delete or key change on the referenced table scan the
        // referencing one, under lock.
        await using var connection = database.Open();
        var unindexed = (await connection.QueryAsync<string>("""
            select c.conrelid::regclass || ' (' || string_agg(a.attname, ', ' order by k.ord) || ') -> ' || c.confrelid::regclass
            from pg_constraint c
            cross join lateral unnest(c.conkey) with ordinality as k (attnum, ord)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
            where c.contype = 'f' and c.connamespace = 'public'::regnamespace
              and not exists (
                  select 1 from pg_index i
                  where i.indrelid = c.conrelid
                    -- A partial index serves the key's checks only if it leaves out nothing but nulls.
                    and (i.indpred is null or (cardinality(c.conkey) = 1
                         and pg_get_expr(i.indpred, i.indrelid) = '(' || quote_ident(a.attname) || ' IS NOT NULL)'))
                    and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                    and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
            group by c.oid, c.conrelid, c.confrelid
            order by 1
            """)).ToList();

        unindexed.ShouldBeEmpty($"foreign keys with no index leading with their columns: {string.Join("; ", unindexed)}");
    }
}
