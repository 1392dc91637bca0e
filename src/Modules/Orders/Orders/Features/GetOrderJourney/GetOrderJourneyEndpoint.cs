using HsePayord.Modules.Operations.Contracts.Journey;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Orders.Features.GetOrderJourney;

/// <param name="Steps">Oldest first; empty when nothing was recorded (unknown order, expired, or the journal off).</param>
internal sealed record OrderJourneyResponse(Guid OrderId, IReadOnlyList<JourneyStepResponse> Steps);

internal static class GetOrderJourneyEndpoint
{
    public static RouteGroupBuilder MapGetOrderJourney(this RouteGroupBuilder orders)
    {
        orders.MapGet("/{orderId}/journey", GetOrderJourneyAsync)
            .WithName("GetOrderJourney")
            .WithSummary("What happened to an order in the Orders host, step by step (placed, request sent, outcome received, status committed, pushed, failures, retries).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return orders;
    }

    private static Task<Results<Ok<OrderJourneyResponse>, ProblemHttpResult>> GetOrderJourneyAsync(
        string orderId, IJournalStore journal, CancellationToken cancellationToken) =>
        JourneyEndpoint.ReadAsync(orderId, journal, (id, steps) => new OrderJourneyResponse(id, steps), cancellationToken);
}
