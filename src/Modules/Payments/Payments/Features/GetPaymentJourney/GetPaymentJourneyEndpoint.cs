using HsePayord.Modules.Operations.Contracts.Journey;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Payments.Features.GetPaymentJourney;

/// <param name="Steps">Oldest first; empty when nothing was recorded (unknown order, expired, or the journal off).</param>
internal sealed record PaymentJourneyResponse(Guid OrderId, IReadOnlyList<JourneyStepResponse> Steps);

internal static class GetPaymentJourneyEndpoint
{
    public static IEndpointRouteBuilder MapGetPaymentJourney(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/payments/journey/{orderId}", GetPaymentJourneyAsync)
            .WithTags("Payments")
            .WithName("GetPaymentJourney")
            .WithSummary("What happened to an order's payment in the Payments host, step by step (request received, charged or refused with the balance, outcome sent, failures, retries, duplicates dropped).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static Task<Results<Ok<PaymentJourneyResponse>, ProblemHttpResult>> GetPaymentJourneyAsync(
        string orderId, IJournalStore journal, CancellationToken cancellationToken) =>
        JourneyEndpoint.ReadAsync(orderId, journal, (id, steps) => new PaymentJourneyResponse(id, steps), cancellationToken);
}
