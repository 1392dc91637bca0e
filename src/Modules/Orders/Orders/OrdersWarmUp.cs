using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Orders.Features;
using HsePayord.Modules.Orders.Features.ApplyPaymentOutcomes;
using HsePayord.Modules.Orders.Features.CreateOrder;
using HsePayord.Modules.Orders.Features.GetOrder;
using HsePayord.Modules.Orders.Features.ListOrders;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.Modules.Orders;

/// <summary>
/// The first order's path, run once before the host reports ready: reads that find nothing, an order that fails
/// validation, and a rehearsal of placing an order and settling it (written, then rolled back; nothing is sent). The
/// mediator pipeline, the validators, the queries, EF Core's inserts and updates, the outbox's envelope rows and the
/// JSON contracts are compiled, and the routes of what an order publishes are built. Nothing is stored.
/// </summary>
internal sealed class OrdersWarmUp : IWarmUp
{
    private const string NoSuchUser = "warm-up";

    public async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        MessagingWarmUp.WarmUpRoutes(services, typeof(PaymentRequested), typeof(OrderStatusChanged));

        var sender = services.GetRequiredService<ISender>();
        await sender.Send(new GetOrder(Guid.CreateVersion7()), cancellationToken);
        await sender.Send(new ListOrders(NoSuchUser), cancellationToken);
        await WarmUpPaths.SendRefusedAsync(sender, new CreateOrder(NoSuchUser, Amount: 0m, Description: null), cancellationToken);
        WarmUpPaths.PrepareJsonContracts(services, typeof(OrderResponse), typeof(IReadOnlyList<OrderResponse>));

        await WarmUpPaths.RehearseAsync(services, async (rehearsal, ct) =>
        {
            var userId = WarmUpPaths.RehearsalUserId();
            var order = await rehearsal.Send(new CreateOrder(userId, Amount: 1m, Description: "warm-up", IdempotencyKey: userId), ct);
            var delivery = new JourneyItem(order.OrderId, Guid.CreateVersion7(), Attempt: 1);
            await rehearsal.Send(new ApplyPaymentOutcomes([new PaymentOutcome(order.OrderId, FailureReason: null, delivery)]), ct);
        }, cancellationToken);
    }
}
