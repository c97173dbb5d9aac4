using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.Common;

namespace WeChatLib.Tests.Support;

/// <summary>
/// A small library in a test database: the main branch open 07:00–23:00 every day, the usual policies, and loans made
/// to measure. Arranges state directly in SQL; what a test asserts goes through the service.
/// </summary>
internal static class Library
{
    public const string MainBranch = "main";

    /// <summary>Call once the service has started (it migrates the database). The branch, item types' policies for students and faculty (30 days, 2 renewals of 30 days, overdue not renewable).</summary>
    public static async Task OpenLibraryAsync(this TestDatabase database)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into branches (code, name, name_en) values ('main', '图书馆总馆', 'Main Library') on conflict (code) do nothing;
            insert into branch_opening_hours (branch_id, weekday, opens_at, closes_at)
            select b.id, d, time '07:00', time '23:00' from branches b, generate_series(0, 6) d where b.code = 'main'
            on conflict do nothing;
            insert into loan_policies (patron_group, item_type, loan_period_days, renewal_period_days, max_renewals,
                                       renewable_days_before_due, overdue_renewable, max_open_loans, renewable)
            select g, 'book', 30, 30, 2, null::int, false, 20, true
            from unnest(array['undergraduate', 'graduate', 'faculty', 'staff']) g
            union all
            select g, 'reference', 7, 7, 0, null, false, 2, false
            from unnest(array['undergraduate', 'graduate', 'faculty', 'staff']) g
            on conflict do nothing;
            """);
    }

    public static DateOnly Today(this ApiFactory api) => api.Services.GetRequiredService<LibraryClock>().Today;

    /// <summary>
    /// Checks out a new item of a new title (at <paramref name="branch"/>) to the reader, due <paramref name="daysLeft"/>
    /// days from <paramref name="today"/> (negative: overdue). Returns the loan's id.
    /// </summary>
    public static async Task<long> AddLoanAsync(
        this TestDatabase database, string card, string title, DateOnly today, int daysLeft, string itemType = "book",
        int renewals = 0, string? barcode = null, string author = "", string branch = MainBranch)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            with t as (insert into titles (title, author) values (@title, @author) returning id),
                 i as (insert into items (barcode, title_id, branch_id, item_type, status, call_number)
                       select coalesce(@barcode, 'C' || lpad(t.id::text, 7, '0')), t.id, b.id, @itemType, 'on_loan', 'I247/' || t.id
                       from t, branches b where b.code = @branch
                       returning id)
            insert into loans (patron_id, item_id, loaned_on, due_on, renewal_count)
            select p.id, i.id, @today - 20, @today + @daysLeft, @renewals from patrons p, i where p.card_number = @card
            returning id
            """, new { title, author, barcode, itemType, today, daysLeft, renewals, card, branch });
    }

    /// <summary>Another reader (a new one, card <paramref name="waitingCard"/>) places a hold on the loan's title.</summary>
    public static async Task AddHoldOnLoanAsync(this TestDatabase database, long loanId, string waitingCard)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into patrons (card_number, name, patron_group, expires_on) values (@waitingCard, '预约读者', 'graduate', date '2030-07-01')
            on conflict (card_number) do nothing;
            insert into holds (patron_id, title_id, pickup_branch_id)
            select p.id, i.title_id, i.branch_id from patrons p, loans l join items i on i.id = l.item_id
            where p.card_number = @waitingCard and l.id = @loanId;
            """, new { loanId, waitingCard });
    }

    public static async Task RecallAsync(this TestDatabase database, long loanId)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("update loans set recalled_at = now() where id = @loanId", new { loanId });
    }

    public static async Task CloseOnAsync(this TestDatabase database, DateOnly date, string reason)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into branch_calendar_dates (branch_id, date, reason) select id, @date, @reason from branches where code = 'main'
            """, new { date, reason });
    }

    /// <summary>A valid ISBN-13 (978 prefix) made from a number, worked out here rather than by the service.</summary>
    public static string Isbn13(int number)
    {
        var twelve = "978" + number.ToString("D9", CultureInfo.InvariantCulture);
        var sum = twelve.Select((c, i) => (c - '0') * (i % 2 == 0 ? 1 : 3)).Sum();
        return twelve + (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>The ISBN-10 of the same title as <see cref="Isbn13"/> of the number.</summary>
    public static string Isbn10(int number)
    {
        var nine = number.ToString("D9", CultureInfo.InvariantCulture);
        var check = (11 - nine.Select((c, i) => (c - '0') * (10 - i)).Sum() % 11) % 11;
        return nine + (check == 10 ? "X" : ((char)('0' + check)).ToString());
    }

    /// <summary>Posts a CSV file (header row, then rows) as staff upload it.</summary>
    public static Task<HttpResponseMessage> PostCsvAsync(this HttpClient staff, string path, string header, params IEnumerable<string> rows) =>
        staff.PostAsync(new Uri(path, UriKind.Relative), new StringContent(string.Join("\r\n", [header, .. rows]) + "\r\n", Encoding.UTF8, "text/csv"));

    public static async Task<int> RenewalRecordsAsync(this TestDatabase database, long loanId)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("select count(*) from renewals where loan_id = @loanId", new { loanId });
    }

    /// <summary>Every renewal recorded, oldest first.</summary>
    public static async Task<List<RenewalOnFile>> RenewalsAsync(this TestDatabase database)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<RenewalOnFile>(
            "select loan_id as LoanId, actor, channel, old_due_on as OldDueOn, new_due_on as NewDueOn, overridden, override_comment as OverrideComment from renewals order by id")];
    }

    public static async Task<DateOnly> DueOnAsync(this TestDatabase database, long loanId)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<DateOnly>("select due_on from loans where id = @loanId", new { loanId });
    }

    /// <summary>An item of a new title (or of the title of <paramref name="copyOf"/>) at the main branch. Returns its id.</summary>
    public static async Task<long> AddItemAsync(
        this TestDatabase database, string barcode, string title = "测试图书", string itemType = "book", string status = "available",
        string? copyOf = null)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            with t as (insert into titles (title) select @title where @copyOf::text is null returning id),
                 title as (select id from t union all select title_id from items where barcode = @copyOf)
            insert into items (barcode, title_id, branch_id, item_type, status, call_number, transit_to)
            select @barcode, title.id, b.id, @itemType, @status, 'I247/' || title.id, case when @status = 'in_transit' then b.id end
            from title, branches b where b.code = 'main'
            returning id
            """, new { barcode, title, itemType, status, copyOf });
    }

    /// <summary>
    /// The reader's hold on the item's title is ready for pickup and the item waits on the hold shelf. Adds the reader
    /// (card <paramref name="card"/>) when the library does not know them.
    /// </summary>
    public static async Task<long> AddReadyHoldAsync(this TestDatabase database, string barcode, string card)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            insert into patrons (card_number, name, patron_group, expires_on) values (@card, '预约读者', 'graduate', date '2030-07-01')
            on conflict (card_number) do nothing;
            update items set status = 'on_hold_shelf' where barcode = @barcode;
            insert into holds (patron_id, title_id, status, pickup_branch_id, item_id, ready_at, pickup_by)
            select p.id, i.title_id, 'ready', i.branch_id, i.id, now(), current_date + 5
            from patrons p, items i where p.card_number = @card and i.barcode = @barcode
            returning id;
            """, new { barcode, card });
    }

    /// <summary>Another branch, open 07:00–23:00 every day like the main one.</summary>
    public static async Task AddBranchAsync(this TestDatabase database, string code, string name)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into branches (code, name, name_en) values (@code, @name, @code) on conflict (code) do nothing;
            insert into branch_opening_hours (branch_id, weekday, opens_at, closes_at)
            select b.id, d, time '07:00', time '23:00' from branches b, generate_series(0, 6) d where b.code = @code
            on conflict do nothing;
            """, new { code, name });
    }

    /// <summary>The branch is closed on the day.</summary>
    public static async Task CloseBranchOnAsync(this TestDatabase database, string branch, DateOnly date, string reason)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into branch_calendar_dates (branch_id, date, reason) select id, @date, @reason from branches where code = @branch
            """, new { branch, date, reason });
    }

    /// <summary>
    /// A waiting hold by the reader (card <paramref name="card"/>, a graduate added when the library does not know them) on
    /// the title of the item <paramref name="barcode"/>, to collect at <paramref name="pickupBranch"/>, placed
    /// <paramref name="minutesAgo"/> minutes ago (the queue's order). Returns its id.
    /// </summary>
    public static async Task<long> AddHoldAsync(this TestDatabase database, string card, string barcode, string pickupBranch = MainBranch,
        int minutesAgo = 60, string name = "预约读者")
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            insert into patrons (card_number, name, patron_group, expires_on) values (@card, @name, 'graduate', date '2030-07-01')
            on conflict (card_number) do nothing;
            insert into holds (patron_id, title_id, pickup_branch_id, placed_at)
            select p.id, i.title_id, b.id, now() - make_interval(mins => @minutesAgo)
            from patrons p, items i, branches b where p.card_number = @card and i.barcode = @barcode and b.code = @pickupBranch
            returning id;
            """, new { card, barcode, pickupBranch, minutesAgo, name });
    }

    /// <summary>The hold as it stands.</summary>
    public static async Task<HoldRecord> HoldAsync(this TestDatabase database, long holdId)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleAsync<HoldRecord>("""
            select h.status, h.end_reason as EndReason, i.barcode as ItemBarcode, h.pickup_by as PickupBy, h.ready_at as ReadyAt
            from holds h left join items i on i.id = h.item_id where h.id = @holdId
            """, new { holdId });
    }

    /// <summary>The item's status and the code of the branch it is travelling to, if any.</summary>
    public static async Task<(string Status, string? TransitTo)> ItemPlaceAsync(this TestDatabase database, string barcode)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleAsync<(string, string?)>("""
            select i.status, b.code from items i left join branches b on b.id = i.transit_to where i.barcode = @barcode
            """, new { barcode });
    }

    /// <summary>The notices queued whose key starts with <paramref name="prefix"/> (e.g. <c>hold-ready:</c>), by key.</summary>
    public static async Task<IReadOnlyList<string>> NoticeKeysAsync(this TestDatabase database, string prefix)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<string>(
            "select idempotency_key from notifications where idempotency_key like @prefix || '%' order by idempotency_key", new { prefix })];
    }

    public static async Task SetMaxOpenLoansAsync(this TestDatabase database, string group, string itemType, int max)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            update loan_policies set max_open_loans = @max where patron_group = @group and item_type = @itemType
            """, new { group, itemType, max });
    }

    /// <summary>The loan's renewals as kept, oldest first.</summary>
    public static async Task<IReadOnlyList<RenewalOnFile>> RenewalsOfAsync(this TestDatabase database, long loanId)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<RenewalOnFile>("""
            select actor, channel, old_due_on as OldDueOn, new_due_on as NewDueOn, overridden, override_comment as OverrideComment from renewals where loan_id = @loanId order by id
            """, new { loanId })];
    }

    public static async Task SetRenewalWindowAsync(this TestDatabase database, string group, string itemType, int daysBeforeDue)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            update loan_policies set renewable_days_before_due = @daysBeforeDue where patron_group = @group and item_type = @itemType
            """, new { group, itemType, daysBeforeDue });
    }

    /// <summary>The loans on record for the item (open and returned), oldest first.</summary>
    public static async Task<IReadOnlyList<LoanRecord>> LoansOfItemAsync(this TestDatabase database, string barcode)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<LoanRecord>("""
            select l.id, p.card_number as CardNumber, l.due_on as DueOn, l.returned_at as ReturnedAt, l.returned_by as ReturnedBy,
                   l.checked_out_by as CheckedOutBy
            from loans l join items i on i.id = l.item_id join patrons p on p.id = l.patron_id
            where i.barcode = @barcode order by l.id
            """, new { barcode })];
    }

    /// <summary>The reader's open loans, by barcode.</summary>
    public static async Task<IReadOnlyList<string>> OpenLoanBarcodesAsync(this TestDatabase database, string card)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<string>("""
            select i.barcode from loans l join items i on i.id = l.item_id join patrons p on p.id = l.patron_id
            where p.card_number = @card and l.returned_at is null order by i.barcode
            """, new { card })];
    }

    public static async Task<string> ItemStatusAsync(this TestDatabase database, string barcode)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<string>("select status from items where barcode = @barcode", new { barcode }) ?? "";
    }

    /// <summary>
    /// A new title at the main branch with <paramref name="copies"/> copies, every one on loan (checked out 20 days ago,
    /// due in 10) to a reader of its own made here (cards <c>OUT{titleId}-{n}</c>). The hold policies are the migration's
    /// defaults. Returns the title's id.
    /// </summary>
    public static async Task<long> AddTitleAllOutAsync(
        this TestDatabase database, string title, DateOnly today, int copies = 1, string? isbn = null, string author = "")
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            with t as (insert into titles (title, author, isbn) values (@title, @author, coalesce(@isbn, '')) returning id),
                 n as (select t.id as title_id, g as copy from t, generate_series(1, @copies) g),
                 p as (insert into patrons (card_number, name, patron_group, expires_on)
                       select 'OUT' || n.title_id || '-' || n.copy, '借书读者', 'graduate', date '2030-07-01' from n
                       returning id, card_number),
                 i as (insert into items (barcode, title_id, branch_id, item_type, status, call_number)
                       select 'H' || lpad(n.title_id::text, 5, '0') || '-' || n.copy, n.title_id, b.id, 'book', 'on_loan', 'I247/' || n.title_id
                       from n, branches b where b.code = 'main'
                       returning id, barcode),
                 l as (insert into loans (patron_id, item_id, loaned_on, due_on)
                       select p.id, i.id, @today - 20, @today + 10
                       from n join p on p.card_number = 'OUT' || n.title_id || '-' || n.copy
                              join i on i.barcode = 'H' || lpad(n.title_id::text, 5, '0') || '-' || n.copy
                       returning id)
            select id from t
            """, new { title, author, isbn, copies, today });
    }

    /// <summary>How many of the title's open loans are recalled.</summary>
    public static async Task<int> RecalledLoansOfTitleAsync(this TestDatabase database, long titleId)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("""
            select count(*)::int from loans l join items i on i.id = l.item_id
            where i.title_id = @titleId and l.returned_at is null and l.recalled_at is not null
            """, new { titleId });
    }

    /// <summary>The id of the item's title.</summary>
    public static async Task<long> TitleIdAsync(this TestDatabase database, string barcode)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("select title_id from items where barcode = @barcode", new { barcode });
    }

    /// <summary>The notices queued whose idempotency key starts with <paramref name="prefix"/> (e.g. <c>recall:</c>).</summary>
    public static async Task<int> NoticeCountAsync(this TestDatabase database, string prefix)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>(
            "select count(*) from notifications where starts_with(idempotency_key, @prefix)", new { prefix });
    }

    /// <summary>How many holds the reader has open (waiting, in transit or ready).</summary>
    public static async Task<int> OpenHoldCountAsync(this TestDatabase database, string card)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("""
            select count(*) from holds h join patrons p on p.id = h.patron_id
            where p.card_number = @card and h.status in ('waiting', 'in_transit', 'ready')
            """, new { card });
    }

    /// <summary>The loan is closed as a return closes it, and its item is back on the shelf.</summary>
    public static async Task ReturnLoanAsync(this TestDatabase database, long loanId)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            update loans set returned_at = now(), returned_by = 'system' where id = @loanId;
            update items set status = 'available' where id = (select item_id from loans where id = @loanId);
            """, new { loanId });
    }

    /// <summary>How many contacts about the loan staff have recorded.</summary>
    public static async Task<int> OverdueContactCountAsync(this TestDatabase database, long loanId)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("select count(*) from overdue_contacts where loan_id = @loanId", new { loanId });
    }

    public static async Task<int> AuditCountAsync(this TestDatabase database, string action)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action = @action", new { action });
    }
}

/// <summary>A loan row as a test reads it back.</summary>
internal sealed class LoanRecord
{
    public long Id { get; init; }
    public string CardNumber { get; init; } = "";
    public DateOnly DueOn { get; init; }
    public DateTime? ReturnedAt { get; init; }
    public string? ReturnedBy { get; init; }
    public string CheckedOutBy { get; init; } = "";
}

/// <summary>A holds row as a test reads it back.</summary>
internal sealed class HoldRecord
{
    public string Status { get; init; } = "";
    public string? EndReason { get; init; }
    public string? ItemBarcode { get; init; }
    public DateOnly? PickupBy { get; init; }
    public DateTime? ReadyAt { get; init; }
}

/// <summary>A renewals row as a test reads it back.</summary>
internal sealed class RenewalOnFile
{
    public long LoanId { get; init; }
    public string Actor { get; init; } = "";
    public string Channel { get; init; } = "";
    public DateOnly OldDueOn { get; init; }
    public DateOnly NewDueOn { get; init; }
    public string[] Overridden { get; init; } = [];
    public string? OverrideComment { get; init; }
}
