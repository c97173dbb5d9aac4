using WeChatLib.Domain.Catalogue;

namespace WeChatLib.Domain.Loans;

/// <summary>Where the copies of a title are, by its ISBN (10 or 13 digits, hyphens allowed), as an OPAC shows it.</summary>
public sealed class GetTitleAvailability(ICirculation circulation)
{
    /// <summary>Null when the ISBN is not one, or no title has it.</summary>
    public async Task<TitleAvailability?> HandleAsync(string isbn, CancellationToken cancellationToken) =>
        Isbn.Normalize(isbn) is { } normalized ? await circulation.TitleAvailabilityAsync(normalized, cancellationToken) : null;
}
