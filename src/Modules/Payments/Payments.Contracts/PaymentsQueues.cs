namespace HsePayord.Modules.Payments.Contracts;

/// <summary>RabbitMQ names the Payments module listens on; other modules send there.</summary>
public static class PaymentsQueues
{
    /// <summary>Payment requests (<c>PaymentRequested</c>) for Payments to charge.</summary>
    public const string PaymentRequests = "payments.payment-requests";
}
