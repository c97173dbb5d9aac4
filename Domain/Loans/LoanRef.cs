namespace WeChatLib.Domain.Loans;

/// <summary>A loan as a reader or staff name it: by its id (REST, a numbered list) or by the item's barcode (“续借 C0012345”).</summary>
public abstract record LoanRef
{
    private LoanRef()
    {
    }

    public sealed record Id(long LoanId) : LoanRef;

    /// <summary>The open loan of the item with this barcode.</summary>
    public sealed record Barcode(string Value) : LoanRef;
}
