using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;
using HsePayord.BuildingBlocks.Messaging;
using Wolverine;
using Wolverine.RabbitMQ;

namespace HsePayord.Modules.Orders.Messaging;

/// <summary>What Orders sends, what it listens to, and the live-update fanout between its replicas.</summary>
internal static class OrdersMessaging
{
    public static void Configure(WolverineOptions opts)
    {
        opts.Discovery.IncludeAssembly(typeof(OrdersModule).Assembly);

        opts.PublishMessage<PaymentRequested>().ToRabbitQueue(PaymentsQueues.PaymentRequests).UseDurableOutbox();
        opts.ListenToRabbitQueue(OrdersQueues.PaymentResults).UseDurableInbox();
        opts.ProcessInBatches<PaymentSucceeded>();
        opts.ProcessInBatches<PaymentFailed>();

        // Live updates are a notification, not a record: the order row is the truth and clients re-read it on
        // reconnect. So this hop is in-memory buffered, and each replica's queue lives only as long as the replica.
        opts.PublishMessage<OrderStatusChanged>()
            .ToRabbitExchange(OrdersQueues.OrderStatusExchange, exchange => exchange.ExchangeType = ExchangeType.Fanout)
            .BufferedInMemory();
        opts.ListenToRabbitQueue(MessagingDefaults.ReplicaQueueName(OrdersQueues.OrderStatusExchange), queue =>
            {
                queue.IsDurable = false;
                queue.AutoDelete = true;
                queue.IsExclusive = true;
                queue.BindExchange(OrdersQueues.OrderStatusExchange);
            })
            .BufferedInMemory();
    }
}
