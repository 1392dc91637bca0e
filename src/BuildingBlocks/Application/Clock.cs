namespace HsePayord.BuildingBlocks.Application;

public static class Clock
{
    /// <summary>
    /// Now, truncated to the microsecond precision PostgreSQL stores, so a timestamp returned before a round trip
    /// through the database equals the one returned after it.
    /// </summary>
    public static DateTimeOffset GetUtcNowForStorage(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }
}
