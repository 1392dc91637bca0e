using HsePayord.Modules.Operations.Contracts;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;

namespace HsePayord.Modules.Payments.Messaging;

/// <summary>The Payments module's words for the operations page: a payment request concerns an order and may be made to fail.</summary>
internal static class PaymentsOperations
{
    public static readonly OperationsHooks Hooks = new()
    {
        SubjectOf = message => message is PaymentRequested request ? new MessageSubject("order", request.OrderId.ToString()) : null,
        FaultTargets = [typeof(PaymentRequested)],
        ExampleQueue = PaymentsQueues.PaymentRequests,
    };
}
