using System.Text.Json;
using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Catalogue;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// Titles and items in PostgreSQL. An import is a handful of set-based statements over arrays (unnest), whatever the
/// size of the file, in one transaction with its audit row.
/// </summary>
internal sealed class CatalogueStore(NpgsqlDataSource dataSource) : ICatalogueStore
{
    public async Task<CatalogueImportSummary> UpsertTitlesAsync(
        IReadOnlyList<TitleRecord> titles, Func<CatalogueImportSummary, AuditEntry> imported, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var isbns = titles.Select(t => t.Isbn).ToArray();

        // One title import at a time, so that an ISBN new to two files is inserted by one and updated by the other;
        // the titles being changed are locked too, against any other writer.
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(hashtext('title-import'))", transaction: transaction, cancellationToken: cancellationToken));
        var existing = (await connection.QueryAsync<string>(new CommandDefinition(
            "select isbn from titles where isbn = any(@isbns) order by isbn for update",
            new { isbns }, transaction, cancellationToken: cancellationToken))).ToArray();

        // A null value was not in the file: the update keeps the column, the insert takes its default.
        var rows = new
        {
            isbns,
            titles = titles.Select(t => t.Title).ToArray(),
            authors = titles.Select(t => t.Author).ToArray(),
            publishers = titles.Select(t => t.Publisher).ToArray(),
            yearStated = titles.Select(t => t.YearStated).ToArray(),
            years = titles.Select(t => t.Year).ToArray(),
            classes = titles.Select(t => t.ClcClass).ToArray(),
            subjects = titles.Select(t => t.Subjects is null ? null : JsonSerializer.Serialize(t.Subjects)).ToArray(),
            languages = titles.Select(t => t.Language).ToArray(),
            existing,
        };
        const string Source = """
            unnest(@isbns, @titles, @authors, @publishers, @yearStated, @years, @classes, @subjects::jsonb[], @languages)
                as r (isbn, title, author, publisher, year_stated, year, clc_class, subjects, language)
            """;
        await connection.ExecuteAsync(new CommandDefinition($"""
            update titles t set
                title = r.title, author = coalesce(r.author, t.author), publisher = coalesce(r.publisher, t.publisher),
                year = case when r.year_stated then r.year else t.year end,
                clc_class = coalesce(r.clc_class, t.clc_class),
                subjects = case when r.subjects is null then t.subjects else array(select jsonb_array_elements_text(r.subjects)) end,
                language = coalesce(r.language, t.language), updated_at = now()
            from {Source}
            where t.isbn = r.isbn
            """, rows, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"""
            insert into titles (isbn, title, author, publisher, year, clc_class, subjects, language)
            select r.isbn, r.title, coalesce(r.author, ''), coalesce(r.publisher, ''), r.year, coalesce(r.clc_class, ''),
                   array(select jsonb_array_elements_text(r.subjects)), coalesce(r.language, 'chi')
            from {Source}
            where r.isbn <> all(@existing)
            """, rows, transaction, cancellationToken: cancellationToken));

        var summary = new CatalogueImportSummary(titles.Count - existing.Length, existing.Length);
        await AuditLog.WriteAsync(transaction, [imported(summary)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return summary;
    }

    public async Task<ItemImportOutcome> UpsertItemsAsync(
        IReadOnlyList<ItemRecord> items, Func<ItemRecord, bool, ItemStatus?, string?> statusRefusal, Func<CatalogueImportSummary, AuditEntry> imported,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var barcodes = items.Select(i => i.Barcode).ToArray();

        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(hashtext('item-import'))", transaction: transaction, cancellationToken: cancellationToken));
        // Locked first, then their loans read by a statement of its own: a checkout committed while this waited is seen.
        var current = (await connection.QueryAsync<(string Barcode, string Status)>(new CommandDefinition(
            "select barcode, status from items where barcode = any(@barcodes) order by barcode for update",
            new { barcodes }, transaction, cancellationToken: cancellationToken))).ToDictionary(i => i.Barcode, i => i.Status, StringComparer.Ordinal);
        var existing = current.Keys.ToArray();
        var onLoan = (await connection.QueryAsync<string>(new CommandDefinition("""
            select i.barcode from items i join loans l on l.item_id = i.id and l.returned_at is null where i.barcode = any(@existing)
            """, new { existing }, transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var titles = (await connection.QueryAsync<(string Isbn, long Id)>(new CommandDefinition(
            "select isbn, id from titles where isbn = any(@isbns)",
            new { isbns = items.Select(i => i.Isbn).Distinct().ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(t => t.Isbn, t => t.Id, StringComparer.Ordinal);
        var branches = (await connection.QueryAsync<(string Code, short Id)>(new CommandDefinition(
            "select code, id from branches where code = any(@codes)",
            new { codes = items.Select(i => i.BranchCode).Distinct().ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(b => b.Code, b => b.Id, StringComparer.Ordinal);
        var itemTypes = (await connection.QueryAsync<string>(new CommandDefinition(
            "select code from item_types where code = any(@codes)",
            new { codes = items.Select(i => i.ItemType).Distinct().ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);

        var rejected = new List<RejectedRow>();
        foreach (var item in items)
        {
            if (!titles.ContainsKey(item.Isbn))
                rejected.Add(new RejectedRow(item.Line, "isbn", $"no title has the ISBN {item.Isbn}; import the title first"));
            if (!branches.ContainsKey(item.BranchCode))
                rejected.Add(new RejectedRow(item.Line, "branch", $"no branch has the code {item.BranchCode}"));
            if (!itemTypes.Contains(item.ItemType))
                rejected.Add(new RejectedRow(item.Line, "item_type", $"no item type has the code {item.ItemType}"));
            ItemStatus? now = current.TryGetValue(item.Barcode, out var code) && CatalogueCodes.TryParseStatus(code, out var parsed) ? parsed : null;
            if (statusRefusal(item, onLoan.Contains(item.Barcode), now) is { } refusal)
                rejected.Add(new RejectedRow(item.Line, "status", refusal));
        }
        if (rejected.Count > 0)
            return new ItemImportOutcome(rejected, null);

        var rows = new
        {
            barcodes,
            titleIds = items.Select(i => titles[i.Isbn]).ToArray(),
            branchIds = items.Select(i => branches[i.BranchCode]).ToArray(),
            types = items.Select(i => i.ItemType).ToArray(),
            locations = items.Select(i => i.Location).ToArray(),
            callNumbers = items.Select(i => i.CallNumber).ToArray(),
            statuses = items.Select(i => i.Status?.Code()).ToArray(),
            accessioned = items.Select(i => i.AccessionedOn).ToArray(),
            importedOn = items.Select(i => i.ImportedOn).ToArray(),
            existing,
        };
        const string Source = """
            unnest(@barcodes, @titleIds, @branchIds, @types, @locations, @callNumbers, @statuses, @accessioned::date[], @importedOn::date[])
                as r (barcode, title_id, branch_id, item_type, location, call_number, status, accessioned_on, imported_on)
            """;
        await connection.ExecuteAsync(new CommandDefinition($"""
            update items i set
                title_id = r.title_id, branch_id = r.branch_id, item_type = r.item_type,
                location = coalesce(r.location, i.location), call_number = coalesce(r.call_number, i.call_number),
                status = coalesce(r.status, i.status), accessioned_on = coalesce(r.accessioned_on, i.accessioned_on), updated_at = now()
            from {Source}
            where i.barcode = r.barcode
            """, rows, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"""
            insert into items (barcode, title_id, branch_id, item_type, location, call_number, status, accessioned_on)
            select r.barcode, r.title_id, r.branch_id, r.item_type, coalesce(r.location, ''), coalesce(r.call_number, ''),
                   coalesce(r.status, 'available'), coalesce(r.accessioned_on, r.imported_on, current_date)
            from {Source}
            where r.barcode <> all(@existing)
            """, rows, transaction, cancellationToken: cancellationToken));

        var summary = new CatalogueImportSummary(items.Count - existing.Length, existing.Length);
        await AuditLog.WriteAsync(transaction, [imported(summary)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ItemImportOutcome([], summary);
    }

    /// <summary>How many titles each kind of match (whole title, its start, anywhere) brings to the ranking at most.</summary>
    internal const int SearchCandidates = 100;

    public async Task<IReadOnlyList<TitleHit>> SearchTitlesAsync(CatalogueQuery query, int limit, CancellationToken cancellationToken)
    {
        // A common character matches a third of a large catalogue and ranking costs per row, so only bounded candidates
        // are ranked: titles equal to the query, titles starting with it (both by index), and the first titles holding
        // every word in the table's order. An exact title thus comes first however many titles match.
        // Words of three characters or more go to the trigram index; one or two (most Chinese words) to the index of
        // each title's single characters and pairs. Words match literally.
        // The database folds the words with catalogue_fold, the function that folded the stored text (NFKC, lower case),
        // so both sides agree even where .NET's lower case does not; the fold leaves LIKE's escapes and wildcards alone.
        var shortTerms = query.Terms.Where(t => t.Length <= 2).ToArray();
        var parameters = new DynamicParameters(new
        {
            phrase = query.Phrase,
            // Above every character a title can continue with, in byte order: the end of the range of titles starting with the phrase.
            above = char.ConvertFromUtf32(0x10FFFF),
            isbn = query.Isbn ?? "",
            grams = shortTerms,
            limit,
        });
        var predicates = new List<string>();
        if (shortTerms.Length > 0)
            predicates.Add("t.search_grams @> catalogue_fold(@grams)");
        for (var i = 0; i < query.Terms.Count; i++)
        {
            if (query.Terms[i].Length <= 2)
                continue;
            predicates.Add($"t.search_document like catalogue_fold(@t{i})");
            parameters.Add($"t{i}", "%" + query.Terms[i].Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%");
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var hits = (await connection.QueryAsync<TitleHitRow>(new CommandDefinition($"""
            with candidates as (
                (select t.id from titles t where catalogue_fold(t.title) collate "C" = catalogue_fold(@phrase) limit {SearchCandidates})
                union
                (select t.id from titles t
                 where catalogue_fold(t.title) collate "C" >= catalogue_fold(@phrase)
                   and catalogue_fold(t.title) collate "C" < (catalogue_fold(@phrase) || @above) limit {SearchCandidates})
                union
                (select t.id from titles t where {string.Join(" and ", predicates)} limit {SearchCandidates})
                {(query.Isbn is null ? "" : "union (select t.id from titles t where t.isbn = @isbn)")}
            )
            select t.id as TitleId, t.title as Title, t.author as Author, t.isbn as Isbn
            from candidates c join titles t on t.id = c.id
                 cross join lateral (select catalogue_fold(t.title) as title, catalogue_fold(@phrase) as phrase) f
            order by {(query.Isbn is null ? "" : "t.isbn = @isbn desc,")}
                     case when f.title = f.phrase then 0 when starts_with(f.title, f.phrase) then 1
                          when strpos(f.title, f.phrase) > 0 then 2 else 3 end,
                     similarity(f.title, f.phrase) desc, char_length(t.title), t.id
            limit @limit
            """, parameters, cancellationToken: cancellationToken))).ToList();
        if (hits.Count == 0)
            return [];

        var copies = await TitleCopies.PerBranchAsync(connection, [.. hits.Select(h => h.TitleId)], cancellationToken);
        return [.. hits.Select(h =>
        {
            var branches = copies[h.TitleId].ToList();
            return new TitleHit(h.TitleId, h.Title, h.Author, h.Isbn, branches.Sum(b => b.Copies), branches.Sum(b => b.Available)) { Branches = branches };
        })];
    }

    private sealed record TitleHitRow(long TitleId, string Title, string Author, string Isbn);
}
