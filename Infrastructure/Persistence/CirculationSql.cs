using Dapper;
using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>The statements the circulation store and its unit of work share.</summary>
internal static class CirculationSql
{
    public const string SelectReader = """
        select p.id, p.card_number, p.name, p.patron_group, p.college, p.campus, p.status, p.restriction_reason, p.expires_on,
               p.preferred_language, p.pin_hash
        from patrons p
        left join wechat_bindings wb on wb.patron_id = p.id
        """;

    /// <summary>
    /// A loan with its item and title, the policy in force today for the borrower's group and the item's type, and
    /// whether another reader waits for the title. Callers add joins, a where clause and any lock.
    /// </summary>
    public const string SelectLoans = """
        select l.id, l.patron_id, i.barcode, t.title, t.author, i.call_number, b.code as branch_code, i.branch_id, i.item_type,
               l.loaned_on, l.due_on, l.renewal_count, l.recalled_at is not null as recalled, l.returned_at,
               borrower.patron_group as borrower_group,
               lp.loan_period_days, lp.renewal_period_days, lp.max_renewals, lp.renewable_days_before_due,
               lp.overdue_renewable, lp.max_open_loans, lp.renewable, lp.renew_from,
               exists (select 1 from holds h
                       where h.title_id = i.title_id and h.status in ('waiting', 'ready') and h.patron_id <> l.patron_id)
                   as held_for_another_reader
        from loans l
        join items i on i.id = l.item_id
        join titles t on t.id = i.title_id
        join branches b on b.id = i.branch_id
        join patrons borrower on borrower.id = l.patron_id
        left join loan_policies lp on lp.patron_group = borrower.patron_group and lp.item_type = i.item_type
        """;

    /// <summary>Every branch's weekly hours and its dated entries from a week ago on: a few dozen rows.</summary>
    public const string SelectCalendars = """
        select branch_id, weekday, opens_at, closes_at from branch_opening_hours;
        select branch_id, date, reason, opens_at, closes_at from branch_calendar_dates where date >= current_date - 7;
        """;

    public static (string Where, object Parameters) ReaderFilter(ReaderRef reader) => reader switch
    {
        ReaderRef.WeChat wechat => ("where wb.openid = @openId", new { openId = wechat.OpenId, patronId = 0L }),
        ReaderRef.Patron patron => ("where p.id = @patronId", new { openId = "", patronId = patron.PatronId }),
        _ => throw new ArgumentOutOfRangeException(nameof(reader)),
    };

    public static async Task<IReadOnlyDictionary<short, LibraryCalendar>> ReadCalendarsAsync(SqlMapper.GridReader results)
    {
        var hours = (await results.ReadAsync<(short BranchId, short Weekday, TimeOnly OpensAt, TimeOnly ClosesAt)>()).ToList();
        var dates = (await results.ReadAsync<(short BranchId, DateOnly Date, string Reason, TimeOnly? OpensAt, TimeOnly? ClosesAt)>()).ToList();
        return hours.Select(h => h.BranchId).Concat(dates.Select(d => d.BranchId)).Distinct().ToDictionary(
            branch => branch,
            branch => new LibraryCalendar(
                hours.Where(h => h.BranchId == branch).Select(h => new OpeningHours((DayOfWeek)h.Weekday, h.OpensAt, h.ClosesAt)),
                dates.Where(d => d.BranchId == branch).Select(d => new CalendarDate(d.Date, d.Reason, d.OpensAt, d.ClosesAt))));
    }
}

/// <summary>One row of <see cref="CirculationSql.SelectLoans"/>; the policy columns are null when no policy applies.</summary>
internal sealed class LoanRow
{
    private static readonly LibraryCalendar NoHours = new([], []);

    public long Id { get; init; }
    public long PatronId { get; init; }
    public string Barcode { get; init; } = "";
    public string Title { get; init; } = "";
    public string Author { get; init; } = "";
    public string CallNumber { get; init; } = "";
    public string BranchCode { get; init; } = "";
    public short BranchId { get; init; }
    public string ItemType { get; init; } = "";
    public string BorrowerGroup { get; init; } = "";
    public DateOnly LoanedOn { get; init; }
    public DateOnly DueOn { get; init; }
    public int RenewalCount { get; init; }
    public bool Recalled { get; init; }
    public DateTime? ReturnedAt { get; init; }
    public int? LoanPeriodDays { get; init; }
    public int? RenewalPeriodDays { get; init; }
    public int? MaxRenewals { get; init; }
    public int? RenewableDaysBeforeDue { get; init; }
    public bool? OverdueRenewable { get; init; }
    public int? MaxOpenLoans { get; init; }
    public bool? Renewable { get; init; }
    public string? RenewFrom { get; init; }
    public bool HeldForAnotherReader { get; init; }

    public Loan ToLoan() => new(Id, PatronId, Barcode, Title, Author, CallNumber, BranchCode, ItemType, LoanedOn, DueOn, RenewalCount, Recalled,
        ReturnedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);

    public RenewalCase ToCase(IReadOnlyDictionary<short, LibraryCalendar> calendars) =>
        new(ToLoan(), Policy(), HeldForAnotherReader, calendars.GetValueOrDefault(BranchId) ?? NoHours);

    private PolicyResolution Policy() =>
        LoanPeriodDays is { } period
            ? new PolicyResolution.Found(new LoanPolicy(period, RenewalPeriodDays!.Value, MaxRenewals!.Value, RenewableDaysBeforeDue,
                OverdueRenewable!.Value, MaxOpenLoans!.Value, Renewable!.Value,
                RenewFrom == "due_date" ? Domain.Loans.RenewFrom.DueDate : Domain.Loans.RenewFrom.Today))
            : new PolicyResolution.NoPolicy(PatronCodes.ParseGroup(BorrowerGroup), ItemType);
}
