using HsePayord.BuildingBlocks.Persistence;
using HsePayord.Modules.Orders;
using HsePayord.Modules.Payments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HsePayord.UnitTests.BuildingBlocks;

public sealed class RetentionOptionsTests
{
    [Fact]
    public void Without_settings_handled_messages_and_idempotency_keys_are_kept_a_day_and_swept_every_minute()
    {
        var options = RetentionOptions.From(Configuration());

        Assert.Equal(TimeSpan.FromHours(24), options.HandledMessages);
        Assert.Equal(TimeSpan.FromHours(24), options.IdempotencyKeys);
        Assert.Equal(TimeSpan.FromMinutes(1), options.PurgeInterval);
    }

    [Fact]
    public void Settings_in_the_Retention_section_are_used()
    {
        var options = RetentionOptions.From(Configuration(
            ("Retention:HandledMessages", "00:05:00"), ("Retention:IdempotencyKeys", "7.00:00:00"), ("Retention:PurgeInterval", "00:00:10")));

        Assert.Equal(TimeSpan.FromMinutes(5), options.HandledMessages);
        Assert.Equal(TimeSpan.FromDays(7), options.IdempotencyKeys);
        Assert.Equal(TimeSpan.FromSeconds(10), options.PurgeInterval);
    }

    [Theory]
    [InlineData("HandledMessages", "00:00:00")]
    [InlineData("IdempotencyKeys", "-01:00:00")]
    [InlineData("PurgeInterval", "00:00:00")]
    public void A_zero_or_negative_setting_is_refused_by_name(string setting, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => RetentionOptions.From(Configuration(($"Retention:{setting}", value))));

        var failure = Assert.Single(error.Failures);
        Assert.Contains($"Retention:{setting} must be a positive time span", failure);
    }

    [Fact]
    public void A_setting_that_is_no_time_span_is_refused_by_name()
    {
        var error = Assert.ThrowsAny<InvalidOperationException>(() => RetentionOptions.From(Configuration(("Retention:IdempotencyKeys", "a day"))));

        Assert.Contains("Retention:IdempotencyKeys", error.Message);
    }

    [Theory]
    [InlineData("Orders")]
    [InlineData("Payments")]
    public void A_host_composing_a_module_with_a_bad_retention_fails_at_startup(string module)
    {
        var configuration = Configuration(
            ($"ConnectionStrings:{module}", "Host=localhost;Database=unused"), ("Retention:IdempotencyKeys", "00:00:00"));
        var services = new ServiceCollection();

        Assert.Throws<OptionsValidationException>(() =>
            _ = module == "Orders" ? services.AddOrdersModule(configuration) : services.AddPaymentsModule(configuration));
    }

    [Fact]
    public void A_zero_journey_retention_is_refused_too()
    {
        var configuration = Configuration(("ConnectionStrings:Orders", "Host=localhost;Database=unused"), ("Journey:Retention", "00:00:00"));

        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddOrdersModule(configuration));

        Assert.Contains("Journey:Retention", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();
}
