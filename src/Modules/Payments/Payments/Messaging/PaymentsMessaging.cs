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
        // Charges to one account in two concurrent batches would conflict on its row version and be run again;
        // with one batch at a time a busy account costs nothing extra (docs/benchmark.md, "hot accounts").
        opts.ProcessInBatches<PaymentRequested>(oneBatchAtATime: true);

        opts.PublishMessage<PaymentSucceeded>().ToRabbitQueue(OrdersQueues.PaymentResults).UseDurableOutbox();
        opts.PublishMessage<PaymentFailed>().ToRabbitQueue(OrdersQueues.PaymentResults).UseDurableOutbox();
    }
}
