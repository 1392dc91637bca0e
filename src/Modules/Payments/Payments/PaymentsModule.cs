using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Pipeline;
using HsePayord.BuildingBlocks.Web.OpenApi;
using HsePayord.Modules.Operations.Contracts;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Payments.Features.CreateAccount;
using HsePayord.Modules.Payments.Features.Deposit;
using HsePayord.Modules.Payments.Features.GetAccount;
using HsePayord.Modules.Payments.Features.GetPaymentJourney;
using HsePayord.Modules.Payments.Messaging;
using HsePayord.Modules.Payments.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace HsePayord.Modules.Payments;

/// <summary>Accounts, deposits and charging orders exactly once.</summary>
public static class PaymentsModule
{
    /// <summary>Name of the connection string of the module's own database.</summary>
    public const string DatabaseConnectionName = "Payments";

    public static IServiceCollection AddPaymentsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<PaymentsDbContext>(configuration, DatabaseConnectionName);
        services.AddWarmUp<PaymentsWarmUp>();
        services.AddIdempotencyKeyRetention<PaymentsDbContext>(configuration);
        services.AddJourney<PaymentsDbContext>(configuration, PaymentJourney.Describe);
        services.AddModulePipeline(typeof(PaymentsModule).Assembly, typeof(JourneyBehavior<,>));
        services.AddMediator(options =>
        {
            options.Namespace = "HsePayord.Modules.Payments.Mediator";
            options.GenerateTypesAsInternal = true;
            options.ServiceLifetime = ServiceLifetime.Scoped;
        });
        services.ConfigureWolverine(PaymentsMessaging.Configure);
        services.AddOperationsHooks(PaymentsOperations.Hooks);
        return services;
    }

    public static IEndpointRouteBuilder MapPaymentsModule(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/payments/accounts")
            .WithTagDescription("Payments", "Payment accounts and deposits. Orders are charged from these balances, exactly once.")
            .MapCreateAccount()
            .MapGetAccount()
            .MapDeposit();
        endpoints.MapGetPaymentJourney();
        return endpoints;
    }
}
