using HsePayord.BuildingBlocks.Application;

namespace HsePayord.UnitTests.BuildingBlocks;

public sealed class ClockTests
{
    private static readonly DateTimeOffset OnAMicrosecond = new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public void Now_for_storage_drops_what_PostgreSQL_cannot_store_below_the_microsecond(int ticksPastTheMicrosecond)
    {
        var clock = new FixedClock(OnAMicrosecond.AddTicks(ticksPastTheMicrosecond));

        Assert.Equal(OnAMicrosecond, clock.GetUtcNowForStorage());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
