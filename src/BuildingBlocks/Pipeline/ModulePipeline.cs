using System.Reflection;
using FluentValidation;
using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Persistence;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HsePayord.BuildingBlocks.Pipeline;

public static class ModulePipeline
{
    /// <summary>
    /// The Mediator pipeline every module's commands and queries go through, outermost first: logging, validation
    /// (the module's FluentValidation validators), retry on conflicts and transient failures, the module's own
    /// <paramref name="aroundUnitOfWork"/> behaviors (e.g. the journal of a bus message's failed attempts and retries,
    /// which must see each attempt and write outside its rolled-back transaction), the unit of work, idempotency.
    /// Behaviors constrained to commands are skipped for queries. Registered once however many modules a host composes.
    /// </summary>
    /// <param name="aroundUnitOfWork">Open generic <see cref="IPipelineBehavior{TMessage,TResponse}"/> types.</param>
    public static IServiceCollection AddModulePipeline(
        this IServiceCollection services, Assembly moduleAssembly, params Type[] aroundUnitOfWork)
    {
        // Validators hold no state: built once, not per request.
        services.AddValidatorsFromAssembly(moduleAssembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        foreach (var behavior in (Type[])
                 [
                     typeof(LoggingBehavior<,>),
                     typeof(ValidationBehavior<,>),
                     typeof(RetryBehavior<,>),
                     .. aroundUnitOfWork,
                     typeof(UnitOfWorkBehavior<,>),
                     typeof(IdempotencyBehavior<,>),
                 ])
        {
            services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), behavior));
        }

        return services;
    }
}
