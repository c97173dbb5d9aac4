using System.Runtime.CompilerServices;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Overdue;

/// <summary>
/// The overdue follow-up list: open loans past their due date, most overdue first, filtered for a calling session, a
/// page at a time; or all of them, for an export.
/// </summary>
public sealed class ListOverdueLoans(IOverdueDesk desk, LibraryClock clock)
{
    public const int DefaultPage = 50;
    public const int MaxPage = 200;
    private const int ExportBatch = 500;

    public async Task<OverdueListing> HandleAsync(OverdueQuery query, string? after, int? limit, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxPage)
            problems["limit"] = [$"from 1 to {MaxPage}"];
        OverdueCursor? cursor = null;
        if (!string.IsNullOrWhiteSpace(after) && !OverdueCursor.TryParse(after.Trim(), out cursor))
            problems["after"] = ["the nextAfter of the previous page"];
        if (Filter(query, problems) is not { } filter)
            return new OverdueListing.Invalid(problems);
        var page = limit ?? DefaultPage;
        // One more than the page says whether another page follows without a second count.
        var loans = await desk.OverdueLoansAsync(filter, clock.Today, cursor, page + 1, cancellationToken);
        return loans.Count > page
            ? new OverdueListing.Listed([.. loans.Take(page)], OverdueCursor.After(loans[page - 1]).ToString())
            : new OverdueListing.Listed(loans, null);
    }

    /// <summary>The filter the query asks for, or null with every problem named by its field.</summary>
    public static OverdueFilter? Filter(OverdueQuery query, IDictionary<string, string[]> problems)
    {
        if (query.MinDaysOverdue is < 1)
            problems["minDaysOverdue"] = ["1 or more"];
        if (query.MaxDaysOverdue is < 1)
            problems["maxDaysOverdue"] = ["1 or more"];
        else if (query.MaxDaysOverdue < query.MinDaysOverdue)
            problems["maxDaysOverdue"] = ["not less than minDaysOverdue"];
        PatronGroup? group = null;
        if (!string.IsNullOrWhiteSpace(query.Group))
        {
            if (PatronCodes.TryParseGroup(query.Group.Trim(), out var parsed))
                group = parsed;
            else
                problems["group"] = [$"one of {string.Join(", ", PatronCodes.GroupCodes)}"];
        }
        if (problems.Count > 0)
            return null;
        return new OverdueFilter(query.MinDaysOverdue ?? 1, query.MaxDaysOverdue, group,
            string.IsNullOrWhiteSpace(query.College) ? null : query.College.Trim(),
            string.IsNullOrWhiteSpace(query.Branch) ? null : query.Branch.Trim().ToLowerInvariant(),
            query.FollowUpDue ?? false);
    }

    /// <summary>Every loan the filter passes, in the list's order, read a batch at a time so that a long list is never held whole.</summary>
    public async IAsyncEnumerable<OverdueLoan> ExportAsync(OverdueFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One day for the whole export, even one that runs past midnight.
        var today = clock.Today;
        OverdueCursor? after = null;
        while (true)
        {
            var batch = await desk.OverdueLoansAsync(filter, today, after, ExportBatch, cancellationToken);
            foreach (var loan in batch)
                yield return loan;
            if (batch.Count < ExportBatch)
                yield break;
            after = OverdueCursor.After(batch[^1]);
        }
    }
}

/// <summary>The follow-up list's filters as staff give them; every one may be left out.</summary>
public sealed record OverdueQuery(int? MinDaysOverdue, int? MaxDaysOverdue, string? Group, string? College, string? Branch, bool? FollowUpDue);

public abstract record OverdueListing
{
    private OverdueListing()
    {
    }

    /// <param name="NextAfter">The <c>after</c> of the next page; null on the last.</param>
    public sealed record Listed(IReadOnlyList<OverdueLoan> Loans, string? NextAfter) : OverdueListing;

    /// <summary>Nothing was listed; each problem names its field.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : OverdueListing;
}
