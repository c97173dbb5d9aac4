using WeChatLib.Domain.Readers;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>A patrons row as selected by <c>select id, card_number, … pin_hash</c>.</summary>
internal sealed class PatronRow
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
