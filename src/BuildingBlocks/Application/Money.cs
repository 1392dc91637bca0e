namespace HsePayord.BuildingBlocks.Application;

public static class Money
{
    /// <summary>Drops trailing zeros (numeric(18,2) reads 150.5 back as 150.50; the contract shows 150.5).</summary>
    public static decimal Normalize(decimal amount) => amount / 1.000000000000000000000000000000000m;
}
