namespace WeChatLib.Domain.Readers;

/// <summary>
/// One row of a patron import file as read, before validation. Only card number, name, group and expiry are required.
/// An optional value is null when the file has no such column, and empty when the file has it and the cell is empty.
/// </summary>
public sealed record PatronImportRow(
    int Line,
    string? CardNumber,
    string? Name,
    string? Group,
    string? ExpiresOn,
    string? College = null,
    string? Campus = null,
    string? Status = null,
    string? RestrictionReason = null,
    string? PreferredLanguage = null,
    string? Pin = null);
