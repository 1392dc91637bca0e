using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;

namespace HsePayord.Modules.Orders.Features.GetOrderJourney;

/// <summary>The steps of an order's journey that happen in the Orders host, in this module's words.</summary>
internal static class OrderJourney
{
    /// <summary>The order and its <see cref="PaymentRequested"/> envelope committed in one transaction.</summary>
    public const string Placed = "order-placed";

    /// <summary>The outbox handed <see cref="PaymentRequested"/> to the RabbitMQ sender after the commit.</summary>
    public const string PaymentRequestSent = "payment-request-sent";

    /// <summary>A payment outcome came through the inbox and is being applied.</summary>
    public const string OutcomeReceived = "payment-outcome-received";

    /// <summary>The order's new status committed (with its OrderStatusChanged envelope).</summary>
    public const string StatusCommitted = "status-committed";

    /// <summary>A late or repeated outcome found the order settled already and changed nothing.</summary>
    public const string OutcomeIgnored = "outcome-ignored";

    /// <summary>This replica pushed <c>orderUpdated</c> to the user's connections it holds.</summary>
    public const string Pushed = "order-updated-pushed";

    public static void Describe(JourneyMessages messages) => messages
        .Message<PaymentRequested>(request => request.OrderId, PaymentRequestSent)
        .Message<PaymentSucceeded>(outcome => outcome.OrderId)
        .Message<PaymentFailed>(outcome => outcome.OrderId);
}
