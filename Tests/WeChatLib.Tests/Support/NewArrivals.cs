using Dapper;

namespace WeChatLib.Tests.Support;

/// <summary>New titles, their copies' accession dates, readers' subscriptions and the digest's notices, arranged and read in SQL.</summary>
internal static class NewArrivals
{
    /// <summary>A new title with <paramref name="copies"/> copies accessioned on <paramref name="accessionedOn"/> at the branch. Returns its id.</summary>
    public static async Task<long> AddArrivalAsync(
        this TestDatabase database, string title, string clcClass, DateOnly accessionedOn, string author = "", string[]? subjects = null,
        int copies = 1, string branch = Library.MainBranch, string status = "available", string isbn = "")
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            with t as (insert into titles (title, author, clc_class, subjects, isbn) values (@title, @author, @clcClass, @subjects, @isbn) returning id)
            insert into items (barcode, title_id, branch_id, item_type, status, accessioned_on)
            select 'N' || lpad(t.id::text, 6, '0') || '-' || g || '-' || b.id, t.id, b.id, 'book', @status, @accessionedOn
            from t, branches b, generate_series(1, @copies) g where b.code = @branch
            returning title_id
            """, new { title, author, clcClass, subjects = subjects ?? [], isbn, accessionedOn, copies, branch, status });
    }

    /// <summary>Another copy of the title, accessioned on <paramref name="accessionedOn"/>.</summary>
    public static async Task AddCopyAsync(this TestDatabase database, long titleId, DateOnly accessionedOn, string branch = Library.MainBranch,
        string status = "available")
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into items (barcode, title_id, branch_id, item_type, status, accessioned_on)
            select 'M' || lpad(@titleId::text, 6, '0') || '-' || (select count(*) from items) || '-' || b.id, @titleId, b.id, 'book', @status, @accessionedOn
            from branches b where b.code = @branch
            """, new { titleId, accessionedOn, branch, status });
    }

    public static async Task SubscribeAsync(this TestDatabase database, string card, string kind, string value)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into new_arrival_subscriptions (patron_id, kind, value) select id, @kind, @value from patrons where card_number = @card
            """, new { card, kind, value });
    }

    /// <summary>The new-arrival notices queued, by patron card: key and fields.</summary>
    public static async Task<List<DigestNotice>> DigestNoticesAsync(this TestDatabase database)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<DigestNotice>("""
            select p.card_number as Card, n.idempotency_key as Key, n.fields->>'summary' as Summary, (n.fields->>'count')::int as Count,
                   n.fields->>'firstTitle' as FirstTitle
            from notifications n join patrons p on p.id = n.patron_id
            where n.kind = 'new-arrivals' order by p.card_number, n.id
            """)];
    }

    public static async Task<DateOnly?> DigestCoveredUntilAsync(this TestDatabase database, string card)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<DateOnly?>("""
            select m.covered_until from new_arrival_digest_marks m join patrons p on p.id = m.patron_id where p.card_number = @card
            """, new { card });
    }

    /// <summary>
    /// Loans of the title made <paramref name="daysAgo"/> days before <paramref name="today"/>, each by a reader of its
    /// own on a copy of its own, all returned: history, not circulation.
    /// </summary>
    public static async Task AddPastLoansAsync(this TestDatabase database, long titleId, int count, DateOnly today, int daysAgo = 5)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            with n as (select g from generate_series(1, @count) g),
                 p as (insert into patrons (card_number, name, patron_group, expires_on)
                       select 'HOT' || @titleId || '-' || @daysAgo || '-' || g, '读者', 'graduate', date '2030-07-01' from n returning id, card_number),
                 i as (insert into items (barcode, title_id, branch_id, item_type, status)
                       select 'HL' || @titleId || '-' || @daysAgo || '-' || g, @titleId, b.id, 'book', 'available' from n, branches b where b.code = 'main'
                       returning id, barcode)
            insert into loans (patron_id, item_id, loaned_on, due_on, returned_at)
            select p.id, i.id, @today - @daysAgo, @today - @daysAgo + 30, now()
            from p join i on substr(i.barcode, 3) = substr(p.card_number, 4)
            """, new { titleId, count, today, daysAgo });
    }
}

internal sealed record DigestNotice(string Card, string Key, string Summary, int Count, string FirstTitle);
