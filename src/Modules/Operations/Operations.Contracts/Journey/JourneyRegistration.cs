using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wolverine;

namespace HsePayord.Modules.Operations.Contracts.Journey;

public static class JourneyRegistration
{
    /// <summary>
    /// The journal of a module's subjects, kept in the module's database (<typeparamref name="TContext"/> maps
    /// <see cref="JourneyModelBuilderExtensions.AddJourneySteps"/>). <c>Journey:Enabled=false</c> turns it off.
    /// </summary>
    public static IServiceCollection AddJourney<TContext>(
        this IServiceCollection services, IConfiguration configuration, Action<JourneyMessages> describeMessages)
        where TContext : DbContext
    {
        var section = configuration.GetSection(JourneyOptions.Section);
        services.Configure<JourneyOptions>(section);
        var retention = (section.Get<JourneyOptions>() ?? new JourneyOptions()).Retention;
        if (retention <= TimeSpan.Zero)
        {
            throw new OptionsValidationException(JourneyOptions.Section, typeof(JourneyOptions),
                [$"{JourneyOptions.Section}:{nameof(JourneyOptions.Retention)} must be a positive time span, not {retention}."]);
        }

        // Expired steps are deleted by the module database's retention sweeper, with the other expiring rows.
        var expiringSteps = ExpiringRows.Of<TContext, JourneyStep>("journey steps", retention, step => step.At);
        services.AddExpiringRows(expiringSteps);
        var messages = new JourneyMessages();
        describeMessages(messages);
        services.AddSingleton(messages);
        // Without telemetry the host identity is still needed (Telemetry registers it first when it runs).
        services.TryAddSingleton(_ => new HostIdentity("unknown", Environment.MachineName));
        services.AddSingleton<Journal>();
        services.AddSingleton<IJournal>(provider => provider.GetRequiredService<Journal>());
        services.AddSingleton<IJournalStore>(provider => new JournalStore<TContext>(
            provider.GetRequiredService<IServiceScopeFactory>(), expiringSteps, provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<JournalWriter<TContext>>();
        services.AddSingleton<IWireTap, JournalWireTap>();
        services.AddSingleton<Wolverine.Persistence.Durability.IDeadLetterInterceptor, JournalDeadLetters>();
        services.AddSingleton<ILoggerProvider, DuplicateDeliveries>();
        services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Add(new LoggerFilterRule(typeof(DuplicateDeliveries).FullName, DuplicateDeliveries.ReceiverCategory, LogLevel.Information, null)));

        if (configuration.GetSection(JourneyOptions.Section).GetValue(nameof(JourneyOptions.Enabled), true))
        {
            services.ConfigureWolverine(opts =>
            {
                opts.Policies.AllSenders(sender => sender.UseWireTap());
            });
        }

        return services;
    }
}
