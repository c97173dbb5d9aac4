using Dapper;
using Npgsql;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The branches' calendars for the loan list's preflight, read again once they are <see cref="Freshness"/> old. The list
/// is the account's busiest read and calendars change a few times a term, so a preview may lag a new holiday by that
/// long on an instance that did not make the change; a renewal itself reads them afresh inside its transaction.
/// </summary>
internal sealed class BranchCalendars(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private Snapshot? current;

    public async Task<IReadOnlyDictionary<short, LibraryCalendar>> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (current is { } snapshot && now - snapshot.ReadAt < Freshness)
            return snapshot.Calendars;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            CirculationSql.SelectCalendars, cancellationToken: cancellationToken));
        var calendars = await CirculationSql.ReadCalendarsAsync(results);
        // Two requests reading at once both store a fresh snapshot; either will do.
        current = new Snapshot(now, calendars);
        return calendars;
    }

    private sealed record Snapshot(DateTimeOffset ReadAt, IReadOnlyDictionary<short, LibraryCalendar> Calendars);
}
