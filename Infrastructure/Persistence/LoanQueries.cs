using Dapper;
using Npgsql;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>Readers' loans as the chat shows them.</summary>
public sealed class LoanQueries(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The bound reader and their current loans in one indexed, prepared statement; null when the openid is not bound.
    /// The menu's "my loans" runs this and nothing else against PostgreSQL. Days left count from <paramref name="today"/>,
    /// the library's date: the server's <c>current_date</c> follows its own time zone (UTC in a stock container).
    /// </summary>
    public async Task<ReaderLoans?> CurrentLoansAsync(string openId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<LoanRow>(new CommandDefinition("""
            select p.id as patron_id, p.name, p.preferred_language, t.title, l.due_on, l.due_on - @today as days_left
            from wechat_bindings b
            join patrons p on p.id = b.patron_id
            left join loans l on l.patron_id = p.id and l.returned_at is null
            left join titles t on t.id = l.title_id
            where b.openid = @openId
            order by l.due_on
            """, new { openId, today }, cancellationToken: cancellationToken))).ToList();
        return rows.Count == 0
            ? null
            : new ReaderLoans(rows[0].PatronId, rows[0].Name, rows[0].PreferredLanguage,
                [.. rows.Where(r => r.Title is not null).Select(r => new CurrentLoan(r.Title!, r.DueOn!.Value, r.DaysLeft!.Value))]);
    }

    private sealed class LoanRow
    {
        public long PatronId { get; init; }
        public string Name { get; init; } = "";
        public string PreferredLanguage { get; init; } = "zh";
        public string? Title { get; init; }
        public DateOnly? DueOn { get; init; }
        public int? DaysLeft { get; init; }
    }
}

public sealed record ReaderLoans(long PatronId, string Name, string Language, IReadOnlyList<CurrentLoan> Loans);

public sealed record CurrentLoan(string Title, DateOnly DueOn, int DaysLeft);
