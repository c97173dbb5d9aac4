using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// A patron's open loans as staff see them at the desk: the same list, order and renewal preflight the reader sees,
/// found by card number.
/// </summary>
public sealed class ListPatronLoans(IPatronStore patrons, ListMyLoans loans)
{
    /// <summary>Null when no patron has the card.</summary>
    public async Task<MyLoans?> HandleAsync(string cardNumber, CancellationToken cancellationToken) =>
        await patrons.FindByCardAsync(cardNumber.Trim(), cancellationToken) is { } patron
            ? await loans.HandleAsync(new ReaderRef.Patron(patron.Id), cancellationToken)
            : null;
}
