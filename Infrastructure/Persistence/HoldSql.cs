using WeChatLib.Domain.Holds;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>The statements the holds part of the circulation store and its unit of work share.</summary>
internal static class HoldSql
{
    /// <summary>Holds before this default existed, or of a group whose hold policy was removed, still get a deadline.</summary>
    private const string DefaultPickupOpenDays = "5";

    /// <summary>The statuses of a hold that is still open.</summary>
    public const string Active = "('waiting', 'in_transit', 'ready')";

    /// <summary>A hold with its title, pickup branch and copy; a waiting hold's place in the queue. Callers add the rest.</summary>
    public const string SelectHolds = """
        select h.id, h.patron_id, h.title_id, t.title, t.author, pb.id as pickup_id, pb.code as pickup_code, pb.name as pickup_name,
               pb.name_en as pickup_name_en, h.status, h.placed_at, h.not_needed_after, i.barcode as item_barcode, h.ready_at, h.pickup_by,
               h.ended_at, h.end_reason,
               case when h.status = 'waiting' then
                   (select count(*)::int from holds q where q.title_id = h.title_id and q.status = 'waiting' and q.id <= h.id)
               end as position,
               p.card_number, p.name as patron_name
        from holds h
        join titles t on t.id = h.title_id
        join branches pb on pb.id = h.pickup_branch_id
        join patrons p on p.id = h.patron_id
        left join items i on i.id = h.item_id
        """;

    /// <summary>A hold as the next in line for a copy, with its reader's pickup days.</summary>
    public const string SelectWaitingHolds = $"""
        select h.id as hold_id, h.patron_id, p.card_number, pb.id as pickup_id, pb.code as pickup_code, pb.name as pickup_name, pb.name_en as pickup_name_en,
               coalesce(hp.pickup_open_days, {DefaultPickupOpenDays}) as pickup_open_days
        from holds h
        join branches pb on pb.id = h.pickup_branch_id
        join patrons p on p.id = h.patron_id
        left join hold_policies hp on hp.patron_group = p.patron_group
        """;

    /// <summary>A copy as routing needs it, locked.</summary>
    public const string LockRoutableItem = """
        select i.id, i.title_id, i.barcode, t.title, i.status,
               hb.id as home_id, hb.code as home_code, hb.name as home_name, hb.name_en as home_name_en,
               tb.id as to_id, tb.code as to_code, tb.name as to_name, tb.name_en as to_name_en
        from items i
        join titles t on t.id = i.title_id
        join branches hb on hb.id = i.branch_id
        left join branches tb on tb.id = i.transit_to
        where i.id = @itemId
        for update of i
        """;

    /// <summary>Locks the title's row: every change to its holds and copies' routing takes turns here.</summary>
    public const string LockTitle = "select id from titles where id = @titleId for no key update";
}

/// <summary>One row of <see cref="HoldSql.SelectHolds"/>.</summary>
internal sealed class HoldRow
{
    public long Id { get; init; }
    public long PatronId { get; init; }
    public long TitleId { get; init; }
    public string Title { get; init; } = "";
    public string Author { get; init; } = "";
    public short PickupId { get; init; }
    public string PickupCode { get; init; } = "";
    public string PickupName { get; init; } = "";
    public string PickupNameEn { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime PlacedAt { get; init; }
    public DateOnly? NotNeededAfter { get; init; }
    public string? ItemBarcode { get; init; }
    public DateTime? ReadyAt { get; init; }
    public DateOnly? PickupBy { get; init; }
    public DateTime? EndedAt { get; init; }
    public string? EndReason { get; init; }
    public int? Position { get; init; }
    public string CardNumber { get; init; } = "";
    public string PatronName { get; init; } = "";

    public Hold ToHold() => new(Id, PatronId, TitleId, Title, Author, new BranchRef(PickupId, PickupCode, PickupName, PickupNameEn), Status,
        Utc(PlacedAt), NotNeededAfter, Position, ItemBarcode, ReadyAt is { } ready ? Utc(ready) : null, PickupBy,
        EndedAt is { } ended ? Utc(ended) : null, EndReason);

    public StaffHold ToStaffHold() => new(ToHold(), CardNumber, PatronName);

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

/// <summary>One row of <see cref="HoldSql.SelectWaitingHolds"/>.</summary>
internal sealed class WaitingHoldRow
{
    public long HoldId { get; init; }
    public long PatronId { get; init; }
    public string CardNumber { get; init; } = "";
    public short PickupId { get; init; }
    public string PickupCode { get; init; } = "";
    public string PickupName { get; init; } = "";
    public string PickupNameEn { get; init; } = "";
    public int PickupOpenDays { get; init; }

    public WaitingHold ToHold() => new(HoldId, PatronId, CardNumber, new BranchRef(PickupId, PickupCode, PickupName, PickupNameEn), PickupOpenDays);
}

/// <summary>One row of <see cref="HoldSql.LockRoutableItem"/>.</summary>
internal sealed class RoutableItemRow
{
    public long Id { get; init; }
    public long TitleId { get; init; }
    public string Barcode { get; init; } = "";
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public short HomeId { get; init; }
    public string HomeCode { get; init; } = "";
    public string HomeName { get; init; } = "";
    public string HomeNameEn { get; init; } = "";
    public short? ToId { get; init; }
    public string? ToCode { get; init; }
    public string? ToName { get; init; }
    public string? ToNameEn { get; init; }

    public RoutableItem ToItem() => new(Id, TitleId, Barcode, Title, new BranchRef(HomeId, HomeCode, HomeName, HomeNameEn), Status,
        ToId is { } to ? new BranchRef(to, ToCode!, ToName!, ToNameEn!) : null);
}

/// <summary>One copy in transit, with the hold it travels for, if any.</summary>
internal sealed class TransitRow
{
    public string Barcode { get; init; } = "";
    public string Title { get; init; } = "";
    public short ToId { get; init; }
    public string ToCode { get; init; } = "";
    public string ToName { get; init; } = "";
    public string ToNameEn { get; init; } = "";
    public short HomeId { get; init; }
    public string HomeCode { get; init; } = "";
    public string HomeName { get; init; } = "";
    public string HomeNameEn { get; init; } = "";
    public DateTime TransitSince { get; init; }
    public long? HoldId { get; init; }
}
