using System.Reflection;
using FluentValidation;
using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Journey;
using HsePayord.BuildingBlocks.Persistence;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HsePayord.BuildingBlocks.Pipeline;

public static class ModulePipeline
{
    /// <summary>
    /// The Mediator pipeline every module's commands and queries go through, outermost first: logging, validation
    /// (the module's FluentValidation validators), retry on conflicts and transient failures, the journal of a bus
    /// message's failed attempts and retries, the unit of work,
    /// idempotency. Behaviors constrained to commands are skipped for queries. Registered once however many
    /// modules a host composes.
    /// </summary>
    public static IServiceCollection AddModulePipeline(this IServiceCollection services, Assembly moduleAssembly)
    {
        // Validators hold no state: built once, not per request.
        services.AddValidatorsFromAssembly(moduleAssembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        foreach (var behavior in (Type[])
                 [
                     typeof(LoggingBehavior<,>),
                     typeof(ValidationBehavior<,>),
                     typeof(RetryBehavior<,>),
                     typeof(JourneyBehavior<,>),
                     typeof(UnitOfWorkBehavior<,>),
                     typeof(IdempotencyBehavior<,>),
                 ])
        {
            services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), behavior));
        }

        return services;
    }
}
