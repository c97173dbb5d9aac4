using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Overdue;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The overdue follow-up desk in PostgreSQL. The list walks <c>loans_open_by_due</c> and takes each loan's last contact
/// from <c>overdue_contacts_by_loan</c>, one statement a page; contacts are kept under a share lock on the loan.
/// </summary>
internal sealed class OverdueDeskStore(NpgsqlDataSource dataSource) : IOverdueDesk
{
    private const string SelectContacts = """
        select c.id, c.contacted_at, c.staff_id, s.display_name as staff_name, c.channel, c.outcome, c.note, c.next_follow_up_on
        from overdue_contacts c
        join staff_accounts s on s.id = c.staff_id
        """;

    public async Task<IReadOnlyList<OverdueLoan>> OverdueLoansAsync(
        OverdueFilter filter, DateOnly today, OverdueCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Most overdue first is the earliest due date; keyset paging on (due_on, id) with the page's last loan as the cursor.
        var rows = await connection.QueryAsync<OverdueRow>(new CommandDefinition("""
            select l.id as loan_id, i.barcode, t.title, b.code as branch_code, p.card_number, p.name, p.patron_group, p.college, p.campus,
                   exists (select 1 from wechat_bindings w where w.patron_id = p.id) as wechat_bound,
                   l.due_on, @today - l.due_on as days_overdue,
                   c.id as contact_id, c.contacted_at, c.staff_id, c.staff_name, c.channel, c.outcome, c.note, c.next_follow_up_on
            from loans l
            join items i on i.id = l.item_id
            join titles t on t.id = i.title_id
            join branches b on b.id = i.branch_id
            join patrons p on p.id = l.patron_id
            left join lateral (
                select c.id, c.contacted_at, c.staff_id, s.display_name as staff_name, c.channel, c.outcome, c.note, c.next_follow_up_on
                from overdue_contacts c
                join staff_accounts s on s.id = c.staff_id
                where c.loan_id = l.id
                order by c.contacted_at desc, c.id desc
                limit 1) c on true
            where l.returned_at is null
              and l.due_on <= @today - @min
              and (@max::int is null or l.due_on >= @today - @max::int)
              and (@group::text is null or p.patron_group = @group)
              and (@college::text is null or p.college = @college)
              and (@branch::text is null or b.code = @branch)
              and (not @followUpDue or c.id is null or c.next_follow_up_on <= @today)
              and (@afterDueOn::date is null or (l.due_on, l.id) > (@afterDueOn::date, @afterId))
            order by l.due_on, l.id
            limit @limit
            """,
            new
            {
                today,
                min = filter.MinDaysOverdue,
                max = filter.MaxDaysOverdue,
                group = filter.Group?.Code(),
                college = filter.College,
                branch = filter.Branch,
                followUpDue = filter.FollowUpDue,
                afterDueOn = after?.DueOn,
                afterId = after?.LoanId ?? 0,
                limit,
            }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToLoan())];
    }

    public async Task<LoanFollowUp?> FollowUpAsync(long loanId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            select l.id as loan_id, i.barcode, t.title, p.card_number, p.name, l.due_on, l.returned_at
            from loans l
            join items i on i.id = l.item_id
            join titles t on t.id = i.title_id
            join patrons p on p.id = l.patron_id
            where l.id = @loanId;
            {SelectContacts}
            where c.loan_id = @loanId
            order by c.contacted_at desc, c.id desc;
            """, new { loanId }, cancellationToken: cancellationToken));
        var loan = await results.ReadSingleOrDefaultAsync<FollowUpRow>();
        var contacts = (await results.ReadAsync<ContactRow>()).Select(c => c.ToContact()).ToList();
        return loan is null
            ? null
            : new LoanFollowUp(loan.LoanId, loan.Barcode, loan.Title, loan.CardNumber, loan.Name, loan.DueOn,
                loan.ReturnedAt is { } at ? Utc(at) : null, contacts);
    }

    public async Task<IOverdueWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new Work(connection, await connection.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private sealed class Work(NpgsqlConnection connection, NpgsqlTransaction transaction) : IOverdueWork
    {
        public async Task<OverdueCase?> LockLoanAsync(long loanId, CancellationToken cancellationToken)
        {
            // A share lock: a return (which locks the loan for update) waits for the contact, or has committed first and shows.
            var row = await connection.QuerySingleOrDefaultAsync<(long Id, long PatronId, DateOnly DueOn, DateTime? ReturnedAt)>(new CommandDefinition(
                "select id, patron_id, due_on, returned_at from loans where id = @loanId for share",
                new { loanId }, transaction, cancellationToken: cancellationToken));
            return row.Id == 0 ? null : new OverdueCase(row.Id, row.PatronId, row.DueOn, row.ReturnedAt is { } at ? Utc(at) : null);
        }

        public async Task<OverdueContact> AddContactAsync(NewOverdueContact contact, CancellationToken cancellationToken)
        {
            var row = await connection.QuerySingleAsync<ContactRow>(new CommandDefinition("""
                with c as (
                    insert into overdue_contacts (loan_id, staff_id, contacted_at, channel, outcome, note, next_follow_up_on)
                    values (@LoanId, @StaffId, @ContactedAt, @Channel, @Outcome, @Note, @NextFollowUpOn)
                    returning *)
                select c.id, c.contacted_at, c.staff_id, s.display_name as staff_name, c.channel, c.outcome, c.note, c.next_follow_up_on
                from c join staff_accounts s on s.id = c.staff_id
                """, contact, transaction, cancellationToken: cancellationToken));
            return row.ToContact();
        }

        public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken) => AuditLog.WriteAsync(transaction, [entry], cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private sealed class OverdueRow
    {
        public long LoanId { get; init; }
        public string Barcode { get; init; } = "";
        public string Title { get; init; } = "";
        public string BranchCode { get; init; } = "";
        public string CardNumber { get; init; } = "";
        public string Name { get; init; } = "";
        public string PatronGroup { get; init; } = "";
        public string College { get; init; } = "";
        public string Campus { get; init; } = "";
        public bool WechatBound { get; init; }
        public DateOnly DueOn { get; init; }
        public int DaysOverdue { get; init; }
        public long? ContactId { get; init; }
        public DateTime? ContactedAt { get; init; }
        public long? StaffId { get; init; }
        public string? StaffName { get; init; }
        public string? Channel { get; init; }
        public string? Outcome { get; init; }
        public string? Note { get; init; }
        public DateOnly? NextFollowUpOn { get; init; }

        public OverdueLoan ToLoan()
        {
            var last = ContactId is { } id
                ? new OverdueContact(id, Utc(ContactedAt!.Value), StaffId!.Value, StaffName ?? "", Channel ?? "", Outcome ?? "", Note ?? "", NextFollowUpOn)
                : null;
            return new OverdueLoan(LoanId, Barcode, Title, BranchCode, new OverdueBorrower(CardNumber, Name, PatronCodes.ParseGroup(PatronGroup), College, Campus, WechatBound),
                DueOn, DaysOverdue, last);
        }
    }

    private sealed class FollowUpRow
    {
        public long LoanId { get; init; }
        public string Barcode { get; init; } = "";
        public string Title { get; init; } = "";
        public string CardNumber { get; init; } = "";
        public string Name { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public DateTime? ReturnedAt { get; init; }
    }

    private sealed class ContactRow
    {
        public long Id { get; init; }
        public DateTime ContactedAt { get; init; }
        public long StaffId { get; init; }
        public string StaffName { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Outcome { get; init; } = "";
        public string Note { get; init; } = "";
        public DateOnly? NextFollowUpOn { get; init; }

        public OverdueContact ToContact() => new(Id, Utc(ContactedAt), StaffId, StaffName, Channel, Outcome, Note, NextFollowUpOn);
    }
}
