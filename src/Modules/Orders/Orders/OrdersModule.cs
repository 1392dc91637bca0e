using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Pipeline;
using HsePayord.BuildingBlocks.Web;
using HsePayord.BuildingBlocks.Web.OpenApi;
using HsePayord.Modules.Operations.Contracts;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Admission;
using HsePayord.Modules.Orders.Features.CreateOrder;
using HsePayord.Modules.Orders.Features.GetOrder;
using HsePayord.Modules.Orders.Features.GetOrderJourney;
using HsePayord.Modules.Orders.Features.ListOrders;
using HsePayord.Modules.Orders.LiveUpdates;
using HsePayord.Modules.Orders.Messaging;
using HsePayord.Modules.Orders.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace HsePayord.Modules.Orders;

/// <summary>Orders, their payment status, and live updates to the browser.</summary>
public static class OrdersModule
{
    /// <summary>Name of the connection string of the module's own database.</summary>
    public const string DatabaseConnectionName = "Orders";

    public static IServiceCollection AddOrdersModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<OrdersDbContext>(configuration, DatabaseConnectionName);
        services.AddIdempotencyKeyRetention<OrdersDbContext>(configuration);
        services.AddJourney<OrdersDbContext>(configuration, OrderJourney.Describe);
        services.AddSingleton<UserConnections>();
        services.AddOrderAdmission(configuration);
        services.AddModulePipeline(typeof(OrdersModule).Assembly, typeof(JourneyBehavior<,>));
        services.AddMediator(options =>
        {
            options.Namespace = "HsePayord.Modules.Orders.Mediator";
            options.GenerateTypesAsInternal = true;
            options.ServiceLifetime = ServiceLifetime.Scoped;
        });
        services.AddSignalR(options =>
            {
                options.AddFilter<ProblemHubFilter>();
                // A shopper may have several orders on their way at once, and the web simulation places up to 50 at once
                // over one user's connection (its concurrency limit): SignalR's default of one would run a connection's
                // CreateOrder calls strictly one after another, and with 8 the page settled 69 % of the REST benchmark's
                // orders/s, with 50 76 % (docs/performance-history.md). Admission (MaxPlacingAtOnce), not this,
                // bounds the work.
                options.MaximumParallelInvocationsPerClient = 50;
            })
            .AddJsonProtocol(options => ServiceDefaults.ApplyContractJsonRules(options.PayloadSerializerOptions));
        services.ConfigureWolverine(OrdersMessaging.Configure);
        services.AddOperationsHooks(OrdersOperations.Hooks);
        services.AddWarmUp<OrdersWarmUp>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrdersModule(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/orders")
            .WithTagDescription("Orders", "Orders and their payment status. Payment happens asynchronously in the Payments host; "
                + "watch an order settle over REST or the SignalR hub /hubs/orders.")
            .MapCreateOrder()
            .MapListOrders()
            .MapGetOrder()
            .MapGetOrderJourney();
        endpoints.MapHub<OrdersHub>(OrdersHub.Path).RequireValidUserIdQuery();
        return endpoints;
    }
}
