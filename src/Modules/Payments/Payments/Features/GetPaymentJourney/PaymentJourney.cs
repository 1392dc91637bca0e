using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;

namespace HsePayord.Modules.Payments.Features.GetPaymentJourney;

/// <summary>The steps of an order's journey that happen in the Payments host, in this module's words.</summary>
internal static class PaymentJourney
{
    /// <summary>A <see cref="PaymentRequested"/> came through the durable inbox and is being handled.</summary>
    public const string RequestReceived = "payment-request-received";

    /// <summary>The account was charged (balance before → after), committed with the outcome's envelope.</summary>
    public const string Charged = "charged";

    /// <summary>Nothing was charged: insufficient funds or no account.</summary>
    public const string Refused = "refused";

    /// <summary>A repeated request found the recorded payment and answered with the same outcome.</summary>
    public const string AlreadyProcessed = "already-processed";

    /// <summary>The outbox handed the outcome to the RabbitMQ sender after the commit.</summary>
    public const string OutcomeSent = "payment-outcome-sent";

    public static void Describe(JourneyMessages messages) => messages
        .Message<PaymentRequested>(request => request.OrderId)
        .Message<PaymentSucceeded>(outcome => outcome.OrderId, OutcomeSent)
        .Message<PaymentFailed>(outcome => outcome.OrderId, OutcomeSent);
}
