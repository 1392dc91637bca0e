using HsePayord.BuildingBlocks.Validation;

namespace HsePayord.UnitTests.Validation;

public sealed class ContractRulesTests
{
    [Theory]
    [MemberData(nameof(Examples.ValidUserIdCases), MemberType = typeof(Examples))]
    public void A_userId_of_1_to_64_letters_digits_dots_underscores_or_hyphens_is_valid(string userId) =>
        Assert.True(ContractRules.IsValidUserId(userId));

    [Theory]
    [MemberData(nameof(Examples.InvalidUserIdCases), MemberType = typeof(Examples))]
    public void Any_other_userId_is_invalid(string userId) =>
        Assert.False(ContractRules.IsValidUserId(userId));

    [Fact]
    public void A_missing_userId_is_invalid() =>
        Assert.False(ContractRules.IsValidUserId(null));

    [Theory]
    [InlineData("25", true)]
    [InlineData("25.5", true)]
    [InlineData("25.50", true)]
    [InlineData("25.500", true)]
    [InlineData("0.01", true)]
    [InlineData("0.001", false)]
    [InlineData("25.555", false)]
    public void An_amount_has_at_most_two_decimal_places(string amount, bool valid) =>
        Assert.Equal(valid, ContractRules.HasAtMostTwoDecimals(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}
