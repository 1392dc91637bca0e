namespace HsePayord.BuildingBlocks.Hosting;

public static class HealthTags
{
    /// <summary>Checks that must pass before the host takes traffic (<c>/health/ready</c>).</summary>
    public const string Ready = "ready";
}
