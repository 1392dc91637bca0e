using HsePayord.Modules.Operations.Contracts;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;

namespace HsePayord.Modules.Orders.Messaging;

/// <summary>The Orders module's words for the operations page: outcomes concern an order; outcomes may be made to fail.</summary>
internal static class OrdersOperations
{
    public static readonly OperationsHooks Hooks = new()
    {
        SubjectOf = message => message switch
        {
            PaymentSucceeded succeeded => Order(succeeded.OrderId),
            PaymentFailed failed => Order(failed.OrderId),
            _ => null,
        },
        FaultTargets = [typeof(PaymentSucceeded), typeof(PaymentFailed)],
        ExampleQueue = OrdersQueues.PaymentResults,
    };

    private static MessageSubject Order(Guid orderId) => new("order", orderId.ToString());
}
