namespace HsePayord.Modules.Orders.Contracts;

/// <summary>RabbitMQ names the Orders module listens on; other modules send there.</summary>
public static class OrdersQueues
{
    /// <summary>Payment outcomes (<c>PaymentSucceeded</c>, <c>PaymentFailed</c>) for Orders to apply.</summary>
    public const string PaymentResults = "orders.payment-results";

    /// <summary>Fanout exchange of <see cref="OrderStatusChanged"/>; every Orders replica binds its own queue.</summary>
    public const string OrderStatusExchange = "orders.order-status";
}
