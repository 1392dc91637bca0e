using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;
using HsePayord.BuildingBlocks.Messaging;
using Wolverine;
using Wolverine.RabbitMQ;

namespace HsePayord.Modules.Payments.Messaging;

/// <summary>What Payments listens to and where its outcomes go.</summary>
internal static class PaymentsMessaging
{
    public static void Configure(WolverineOptions opts)
    {
        opts.Discovery.IncludeAssembly(typeof(PaymentsModule).Assembly);

        opts.ListenToRabbitQueue(PaymentsQueues.PaymentRequests).UseDurableInbox();
        opts.ProcessInBatches<PaymentRequested>();

        opts.PublishMessage<PaymentSucceeded>().ToRabbitQueue(OrdersQueues.PaymentResults).UseDurableOutbox();
        opts.PublishMessage<PaymentFailed>().ToRabbitQueue(OrdersQueues.PaymentResults).UseDurableOutbox();
    }
}
