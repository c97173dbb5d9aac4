using WeChatLib.Domain.Holds;

namespace WeChatLib.Tests.Domain;

internal sealed class HoldRoutingTests
{
    private static readonly BranchRef Main = new(1, "main", "总馆", "Main Library");
    private static readonly BranchRef East = new(2, "east", "东区分馆", "East Branch");

    private static WaitingHold For(BranchRef pickup) => new(9, 42, "2024001234", pickup, 3);

    [Test]
    public void A_copy_at_the_first_readers_pickup_branch_goes_on_the_hold_shelf() =>
        HoldRouting.For(East.Id, Main, For(East)).ShouldBe(new ItemRoute.ToHoldShelf(For(East)));

    [Test]
    public void A_copy_elsewhere_travels_to_the_first_readers_pickup_branch() =>
        HoldRouting.For(East.Id, East, For(Main)).ShouldBe(new ItemRoute.ToTransit(Main, For(Main)));

    [Test]
    public void With_no_one_waiting_a_copy_at_home_goes_back_on_the_shelf() =>
        HoldRouting.For(Main.Id, Main, null).ShouldBe(new ItemRoute.ToShelf(Main));

    [Test]
    public void With_no_one_waiting_a_copy_away_from_home_travels_home() =>
        HoldRouting.For(East.Id, Main, null).ShouldBe(new ItemRoute.ToTransit(Main, null));

    [Test]
    public void A_copy_still_travelling_is_never_shelved()
    {
        HoldRouting.For(null, Main, For(Main)).ShouldBe(new ItemRoute.ToTransit(Main, For(Main)));
        HoldRouting.For(null, Main, null).ShouldBe(new ItemRoute.ToTransit(Main, null));
    }
}
