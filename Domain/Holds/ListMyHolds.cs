using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Holds;

/// <summary>A reader's holds: where each stands in its queue, which are ready and until when, and those ended lately.</summary>
public sealed class ListMyHolds(ICirculation circulation)
{
    public Task<ReaderHolds?> HandleAsync(ReaderRef reader, CancellationToken cancellationToken) =>
        circulation.HoldsOfAsync(reader, cancellationToken);
}
