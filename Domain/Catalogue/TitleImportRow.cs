namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// One row of a title import file as read, before validation. ISBN and title are required. An optional value is null
/// when the file has no such column, and empty when the file has it and the cell is empty. <see cref="Subjects"/> holds
/// the subject headings as the file lists them (a null entry is one that is not text).
/// </summary>
public sealed record TitleImportRow(
    int Line,
    string? Isbn,
    string? Title,
    string? Author = null,
    string? Publisher = null,
    string? Year = null,
    string? ClcClass = null,
    IReadOnlyList<string?>? Subjects = null,
    string? Language = null);
