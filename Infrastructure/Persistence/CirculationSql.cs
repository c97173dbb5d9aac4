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
    /// A loan with its item and title, and whether another reader waits for the title. <c>borrower_group</c> follows,
    /// from the query's own patron alias.
    /// </summary>
    private const string ItemLoanColumns = """
        l.id, l.patron_id, i.barcode, t.title, t.author, i.call_number, i.branch_id, i.item_type,
               l.loaned_on, l.due_on, l.renewal_count, l.recalled_at is not null as recalled, l.returned_at,
               exists (select 1 from holds h
                       where h.title_id = i.title_id and h.status = 'waiting' and h.patron_id <> l.patron_id)
                   as held_for_another_reader
        """;

    /// <summary>With the branch's code and the policy in force today for the borrower's group and the item's type.</summary>
    private const string LoanColumns = $"""
        {ItemLoanColumns}, b.code as branch_code,
               lp.loan_period_days, lp.renewal_period_days, lp.max_renewals, lp.renewable_days_before_due,
               lp.overdue_renewable, lp.max_open_loans, lp.renewable, lp.renew_from, lp.recall_return_days, lp.guaranteed_loan_days
        """;

    /// <summary>Loans as <see cref="LoanColumns"/> describes them. Callers add a where clause and any lock.</summary>
    public const string SelectLoans = $"""
        select {LoanColumns}, borrower.patron_group as borrower_group
        from loans l
        join items i on i.id = l.item_id
        join titles t on t.id = i.title_id
        join branches b on b.id = i.branch_id
        join patrons borrower on borrower.id = l.patron_id
        left join loan_policies lp on lp.patron_group = borrower.patron_group and lp.item_type = i.item_type
        """;

    /// <summary>
    /// The reader (<c>p</c>, filtered by <see cref="ReaderFilter"/>) and their open loans in one statement: a row per loan,
    /// or one row with null loan columns for a reader with none. Branch codes and policies come from
    /// <see cref="CirculationReference"/>.
    /// </summary>
    public const string SelectReaderWithOpenLoans = $"""
        select p.id, p.card_number, p.name, p.patron_group, p.college, p.campus, p.status, p.restriction_reason, p.expires_on,
               p.preferred_language, null as pin_hash,
               {ItemLoanColumns}, p.patron_group as borrower_group
        from patrons p
        left join wechat_bindings wb on wb.patron_id = p.id
        left join loans l on l.patron_id = p.id and l.returned_at is null
        left join items i on i.id = l.item_id
        left join titles t on t.id = i.title_id
        """;

    /// <summary>An item with its title and branch, locked against any other desk until the work ends.</summary>
    public const string LockItem = """
        select i.id, i.title_id, i.barcode, t.title, t.author, i.call_number, b.code as branch_code, i.branch_id, i.item_type, i.status
        from items i
        join titles t on t.id = i.title_id
        join branches b on b.id = i.branch_id
        where i.barcode = @barcode
        for update of i
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

/// <summary>The policy columns a row carries (all null when no policy applies to its group and item type).</summary>
internal abstract class PolicyRow
{
    public int? LoanPeriodDays { get; init; }
    public int? RenewalPeriodDays { get; init; }
    public int? MaxRenewals { get; init; }
    public int? RenewableDaysBeforeDue { get; init; }
    public bool? OverdueRenewable { get; init; }
    public int? MaxOpenLoans { get; init; }
    public bool? Renewable { get; init; }
    public string? RenewFrom { get; init; }
    public int? RecallReturnDays { get; init; }
    public int? GuaranteedLoanDays { get; init; }

    protected PolicyResolution PolicyFor(PatronGroup group, string itemType) =>
        LoanPeriodDays is { } period
            ? new PolicyResolution.Found(new LoanPolicy(period, RenewalPeriodDays!.Value, MaxRenewals!.Value, RenewableDaysBeforeDue,
                OverdueRenewable!.Value, MaxOpenLoans!.Value, Renewable!.Value,
                LoanPolicyCodes.TryParseRenewFrom(RenewFrom, out var from) ? from : Domain.Loans.RenewFrom.Today,
                RecallReturnDays ?? LoanPolicy.DefaultRecallReturnDays, GuaranteedLoanDays ?? LoanPolicy.DefaultGuaranteedLoanDays))
            : new PolicyResolution.NoPolicy(group, itemType);

    protected static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

/// <summary>One row of <see cref="CirculationSql.SelectLoans"/> (or of the loan history, which adds who lent and took it back).</summary>
internal sealed class LoanRow : PolicyRow
{
    public static readonly LibraryCalendar NoHours = new([], []);

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
    public bool HeldForAnotherReader { get; init; }
    public DateTime CheckedOutAt { get; init; }
    public string CheckedOutBy { get; init; } = "";
    public string? ReturnedBy { get; init; }

    public Loan ToLoan() => new(Id, PatronId, Barcode, Title, Author, CallNumber, BranchCode, ItemType, LoanedOn, DueOn, RenewalCount, Recalled,
        ReturnedAt is { } at ? Utc(at) : null);

    /// <summary>For a row without branch and policy columns: both from the reference data.</summary>
    public RenewalCase ToCase(CirculationReference.Snapshot reference) =>
        new(ToLoan() with { BranchCode = reference.BranchCodes.GetValueOrDefault(BranchId, "") },
            reference.Policies.GetValueOrDefault((BorrowerGroup, ItemType))
                ?? new PolicyResolution.NoPolicy(PatronCodes.ParseGroup(BorrowerGroup), ItemType),
            HeldForAnotherReader, reference.Calendars.GetValueOrDefault(BranchId) ?? NoHours);

    public RenewalCase ToCase(IReadOnlyDictionary<short, LibraryCalendar> calendars) =>
        new(ToLoan(), PolicyFor(PatronCodes.ParseGroup(BorrowerGroup), ItemType), HeldForAnotherReader, calendars.GetValueOrDefault(BranchId) ?? NoHours);

    public LoanOnRecord ToRecord(IReadOnlyList<RenewalOnRecord> renewals) =>
        new(ToLoan(), Utc(CheckedOutAt), CheckedOutBy, ReturnedBy, renewals);
}

/// <summary>An item as the desk locks it (<see cref="CirculationSql.LockItem"/>).</summary>
internal sealed class DeskItemRow
{
    public long Id { get; init; }
    public long TitleId { get; init; }
    public string Barcode { get; init; } = "";
    public string Title { get; init; } = "";
    public string Author { get; init; } = "";
    public string CallNumber { get; init; } = "";
    public string BranchCode { get; init; } = "";
    public short BranchId { get; init; }
    public string ItemType { get; init; } = "";
    public string Status { get; init; } = "";

    public DeskItem ToItem() => new(Id, Barcode, Title, Author, CallNumber, BranchCode, ItemType, Status);
}

/// <summary>What a checkout depends on besides the item, read once the reader and the item are locked.</summary>
internal sealed class CheckoutRow : PolicyRow
{
    public int OpenLoansOfType { get; init; }
    public bool ReadyForAnotherReader { get; init; }
    public long? ReadersReadyHold { get; init; }

    public CheckoutCase ToCase(DeskItemRow item, PatronGroup group, LibraryCalendar calendar) =>
        new(item.ToItem(), PolicyFor(group, item.ItemType), OpenLoansOfType, ReadyForAnotherReader, ReadersReadyHold, calendar);
}

/// <summary>One row of <c>renewals</c>.</summary>
internal sealed class RenewalRow
{
    public long LoanId { get; init; }
    public DateTime RenewedAt { get; init; }
    public string Actor { get; init; } = "";
    public string Channel { get; init; } = "";
    public DateOnly OldDueOn { get; init; }
    public DateOnly NewDueOn { get; init; }
    public string[] Overridden { get; init; } = [];
    public string? OverrideComment { get; init; }

    public RenewalOnRecord ToRecord() => new(new DateTimeOffset(DateTime.SpecifyKind(RenewedAt, DateTimeKind.Utc)), Actor,
        Enum.Parse<RenewalChannel>(Channel, ignoreCase: true), OldDueOn, NewDueOn, Overridden, OverrideComment);
}
