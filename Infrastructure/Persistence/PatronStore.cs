using Dapper;
using Npgsql;
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

    public async Task<PatronImportSummary> UpsertAsync(IReadOnlyList<PatronRecord> patrons, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cards = patrons.Select(p => p.CardNumber).ToArray();

        // Lock the rows being changed, so that two imports of overlapping files cannot interleave their audits.
        var previousGroups = (await connection.QueryAsync<(string Card, string Group)>(new CommandDefinition(
            "select card_number, patron_group from patrons where card_number = any(@cards) order by card_number for update",
            new { cards }, transaction, cancellationToken: cancellationToken))).ToDictionary(r => r.Card, r => r.Group);

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into patrons (card_number, name, patron_group, college, campus, status, restriction_reason, expires_on,
                                 preferred_language, pin_hash)
            select * from unnest(@cards, @names, @groups, @colleges, @campuses, @statuses, @reasons, @expiries, @languages, @pins)
            on conflict (card_number) do update set
                name = excluded.name, patron_group = excluded.patron_group, college = excluded.college,
                campus = excluded.campus, status = excluded.status, restriction_reason = excluded.restriction_reason,
                expires_on = excluded.expires_on, preferred_language = excluded.preferred_language,
                pin_hash = coalesce(excluded.pin_hash, patrons.pin_hash), updated_at = now()
            """,
            new
            {
                cards,
                names = patrons.Select(p => p.Name).ToArray(),
                groups = patrons.Select(p => p.Group.Code()).ToArray(),
                colleges = patrons.Select(p => p.College).ToArray(),
                campuses = patrons.Select(p => p.Campus).ToArray(),
                statuses = patrons.Select(p => p.Status.Code()).ToArray(),
                reasons = patrons.Select(p => p.RestrictionReason).ToArray(),
                expiries = patrons.Select(p => p.ExpiresOn).ToArray(),
                languages = patrons.Select(p => p.PreferredLanguage.Code()).ToArray(),
                pins = patrons.Select(p => p.PinHash).ToArray(),
            }, transaction, cancellationToken: cancellationToken));

        var groupChanges = patrons
            .Where(p => previousGroups.TryGetValue(p.CardNumber, out var before) && before != p.Group.Code())
            .Select(p => (p.CardNumber, From: previousGroups[p.CardNumber], To: p.Group.Code()))
            .ToList();
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into audit_log (actor, action, target, details)
            select @actor, 'patron.group-changed', card, jsonb_build_object('from', old_group, 'to', new_group)
            from unnest(@changedCards, @from, @to) as c (card, old_group, new_group)
            """,
            new
            {
                actor,
                changedCards = groupChanges.Select(c => c.CardNumber).ToArray(),
                from = groupChanges.Select(c => c.From).ToArray(),
                to = groupChanges.Select(c => c.To).ToArray(),
            }, transaction, cancellationToken: cancellationToken));

        await transaction.CommitAsync(cancellationToken);
        return new PatronImportSummary(patrons.Count - previousGroups.Count, previousGroups.Count, groupChanges.Count);
    }

    public async Task<bool> SetStatusAsync(string cardNumber, PatronStatus status, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update patrons set status = @status, restriction_reason = @reason, updated_at = now() where card_number = @cardNumber",
            new { cardNumber, status = status.Code(), reason }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task SetLanguageAsync(long patronId, Language language, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update patrons set preferred_language = @language, updated_at = now() where id = @patronId",
            new { patronId, language = language.Code() }, cancellationToken: cancellationToken));
    }

    private sealed class PatronRow
    {
        public long Id { get; init; }
        public string CardNumber { get; init; } = "";
        public string Name { get; init; } = "";
        public string PatronGroup { get; init; } = "";
        public string College { get; init; } = "";
        public string Campus { get; init; } = "";
        public string Status { get; init; } = "";
        public string? RestrictionReason { get; init; }
        public DateOnly ExpiresOn { get; init; }
        public string PreferredLanguage { get; init; } = "";
        public string? PinHash { get; init; }

        public Patron ToPatron() => new(Id, CardNumber, Name, PatronCodes.ParseGroup(PatronGroup), College, Campus,
            PatronCodes.ParseStatus(Status), RestrictionReason, ExpiresOn, PatronCodes.ParseLanguage(PreferredLanguage), PinHash);
    }
}
