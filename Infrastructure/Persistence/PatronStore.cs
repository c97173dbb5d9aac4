using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class PatronStore(NpgsqlDataSource dataSource) : IPatronStore
{
    private const string SelectPatron = """
        select id, card_number, name, patron_group, college, campus, status, restriction_reason, expires_on,
               preferred_language, pin_hash
        from patrons
        """;

    public async Task<Patron?> FindAsync(long patronId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(new CommandDefinition(
            $"{SelectPatron} where id = @patronId", new { patronId }, cancellationToken: cancellationToken));
        return row?.ToPatron();
    }

    public async Task<Patron?> FindByCardAsync(string cardNumber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PatronRow>(new CommandDefinition(
            $"{SelectPatron} where card_number = @cardNumber", new { cardNumber }, cancellationToken: cancellationToken));
        return row?.ToPatron();
    }

    public async Task<PatronImportSummary> UpsertAsync(
        IReadOnlyList<PatronRecord> patrons, string actor, Func<PatronImportSummary, AuditEntry>? imported, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cards = patrons.Select(p => p.CardNumber).ToArray();

        // One import at a time, so that a card new to this file cannot be created by another between update and insert;
        // the rows being changed are locked too, against a status set by hand meanwhile.
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(hashtext('patron-import'))", transaction: transaction, cancellationToken: cancellationToken));
        var previous = (await connection.QueryAsync<PreviousRow>(new CommandDefinition("""
            select id, card_number, patron_group, status, expires_on from patrons
            where card_number = any(@cards) order by card_number for update
            """, new { cards }, transaction, cancellationToken: cancellationToken))).ToDictionary(r => r.CardNumber);

        // A null value was not in the file: the update keeps the column, the insert takes its default.
        var rows = new
        {
            cards,
            names = patrons.Select(p => p.Name).ToArray(),
            groups = patrons.Select(p => p.Group.Code()).ToArray(),
            colleges = patrons.Select(p => p.College).ToArray(),
            campuses = patrons.Select(p => p.Campus).ToArray(),
            statuses = patrons.Select(p => p.Status?.Code()).ToArray(),
            reasons = patrons.Select(p => p.RestrictionReason).ToArray(),
            expiries = patrons.Select(p => p.ExpiresOn).ToArray(),
            languages = patrons.Select(p => p.PreferredLanguage?.Code()).ToArray(),
            pins = patrons.Select(p => p.PinHash).ToArray(),
            existing = previous.Keys.ToArray(),
        };
        const string Source = """
            unnest(@cards, @names, @groups, @colleges, @campuses, @statuses, @reasons, @expiries, @languages, @pins)
                as r (card_number, name, patron_group, college, campus, status, restriction_reason, expires_on, preferred_language, pin_hash)
            """;
        await connection.ExecuteAsync(new CommandDefinition($"""
            update patrons p set
                name = r.name, patron_group = r.patron_group, expires_on = r.expires_on,
                college = coalesce(r.college, p.college), campus = coalesce(r.campus, p.campus),
                status = coalesce(r.status, p.status),
                restriction_reason = case when r.status is null then p.restriction_reason else r.restriction_reason end,
                preferred_language = coalesce(r.preferred_language, p.preferred_language),
                pin_hash = coalesce(r.pin_hash, p.pin_hash), updated_at = now()
            from {Source}
            where p.card_number = r.card_number
            """, rows, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"""
            insert into patrons (card_number, name, patron_group, college, campus, status, restriction_reason, expires_on,
                                 preferred_language, pin_hash)
            select r.card_number, r.name, r.patron_group, coalesce(r.college, ''), coalesce(r.campus, ''), coalesce(r.status, 'active'),
                   r.restriction_reason, r.expires_on, coalesce(r.preferred_language, 'zh'), r.pin_hash
            from {Source}
            where r.card_number <> all(@existing)
            """, rows, transaction, cancellationToken: cancellationToken));

        var updated = patrons.Where(p => previous.ContainsKey(p.CardNumber)).Select(p => (Record: p, Before: previous[p.CardNumber])).ToList();
        var groupChanges = updated.Where(u => u.Before.PatronGroup != u.Record.Group.Code())
            .Select(u => new AuditEntry(actor, "patron.group-changed", u.Record.CardNumber,
                new Dictionary<string, string?> { ["from"] = u.Before.PatronGroup, ["to"] = u.Record.Group.Code() }))
            .ToList();
        var statusChanges = updated.Where(u => u.Record.Status is { } status && status.Code() != u.Before.Status)
            .Select(u => new AuditEntry(actor, "patron.status", u.Record.CardNumber, new Dictionary<string, string?>
            {
                ["from"] = u.Before.Status,
                ["status"] = u.Record.Status!.Value.Code(),
                ["reason"] = u.Record.RestrictionReason,
                ["via"] = "import",
            }))
            .ToList();
        var summary = new PatronImportSummary(patrons.Count - previous.Count, previous.Count, groupChanges.Count, statusChanges.Count,
            [.. updated.Select(u => new PatronChange(u.Before.Id, PatronCodes.ParseStatus(u.Before.Status), u.Before.ExpiresOn,
                u.Record.Status ?? PatronCodes.ParseStatus(u.Before.Status), u.Record.ExpiresOn))]);
        var audits = groupChanges.Concat(statusChanges).ToList();
        if (imported is not null)
            audits.Add(imported(summary));
        await AuditLog.WriteAsync(transaction, audits, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return summary;
    }

    public async Task<long?> SetStatusAsync(string cardNumber, PatronStatus status, string? reason, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "update patrons set status = @status, restriction_reason = @reason, updated_at = now() where card_number = @cardNumber returning id",
            new { cardNumber, status = status.Code(), reason }, transaction, cancellationToken: cancellationToken));
        if (id is not null)
            await AuditLog.WriteAsync(transaction, [audit], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task SetLanguageAsync(long patronId, Language language, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update patrons set preferred_language = @language, updated_at = now() where id = @patronId",
            new { patronId, language = language.Code() }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<long>> ExpiredBetweenAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<long>(new CommandDefinition(
            "select id from patrons where expires_on between @from and @to", new { from, to }, cancellationToken: cancellationToken))];
    }

    private sealed class PreviousRow
    {
        public long Id { get; init; }
        public string CardNumber { get; init; } = "";
        public string PatronGroup { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly ExpiresOn { get; init; }
    }
}
