namespace HsePayord.BuildingBlocks.Hosting;

/// <summary>Which host this is (<c>orders</c>, <c>payments</c>) and which replica of it: unique per host started.</summary>
public sealed record HostIdentity(string Service, string Instance);
