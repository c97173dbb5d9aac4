namespace WeChatLib.Domain.Readers;

/// <summary>
/// The answer to a bulk import. A file with any rejected row changes nothing (<see cref="Applied"/> is false), so
/// staff fix the file and send it again rather than untangle half an import.
/// </summary>
public sealed record ImportReport(int Rows, int Accepted, IReadOnlyList<RejectedRow> Rejected, bool Applied, int Created, int Updated, int GroupChanges)
{
    public static ImportReport Refused(int rows, IReadOnlyList<RejectedRow> rejected) =>
        new(rows, rows - rejected.Select(r => r.Line).Distinct().Count(), rejected, false, 0, 0, 0);
}

/// <summary>A row of an import file that cannot be applied; <see cref="Line"/> counts from 1 after the header.</summary>
public sealed record RejectedRow(int Line, string Field, string Reason);
