namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// Item barcodes are kept in capitals: a barcode typed or imported in lower case names the same item, never a second one.
/// </summary>
public static class Barcode
{
    public static string Normalize(string? barcode) => (barcode ?? "").Trim().ToUpperInvariant();
}
