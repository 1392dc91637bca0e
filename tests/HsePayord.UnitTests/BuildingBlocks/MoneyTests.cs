using System.Globalization;
using System.Text.Json;
using HsePayord.BuildingBlocks.Application;

namespace HsePayord.UnitTests.BuildingBlocks;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("150.50", "150.5")]
    [InlineData("250.75", "250.75")]
    [InlineData("100.00", "100")]
    [InlineData("0.10", "0.1")]
    [InlineData("0.00", "0")]
    [InlineData("1000000.00", "1000000")]
    public void A_normalized_amount_serializes_without_trailing_zeros(string stored, string shown)
    {
        var amount = decimal.Parse(stored, CultureInfo.InvariantCulture);

        var normalized = Money.Normalize(amount);

        Assert.Equal(amount, normalized);
        Assert.Equal(shown, JsonSerializer.Serialize(normalized));
    }
}
