namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// One row of an item import file as read, before validation. Barcode, ISBN (of a title already in the catalogue),
/// branch code and item type are required; location, call number, status and accession date are optional (null: not in
/// the file).
/// </summary>
public sealed record ItemImportRow(
    int Line,
    string? Barcode,
    string? Isbn,
    string? Branch,
    string? ItemType,
    string? Location = null,
    string? CallNumber = null,
    string? Status = null,
    string? AccessionedOn = null);
