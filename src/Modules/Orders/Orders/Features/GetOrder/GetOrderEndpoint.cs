using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Orders.Features.GetOrder;

internal static class GetOrderEndpoint
{
    public static RouteGroupBuilder MapGetOrder(this RouteGroupBuilder orders)
    {
        // A path segment that is not a UUID matches no route and gets the 404 problem.
        orders.MapGet("/{orderId:guid}", GetOrderAsync)
            .WithName("GetOrder")
            .WithSummary("One order and its payment status.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return orders;
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrderAsync(
        Guid orderId, ISender sender, CancellationToken cancellationToken)
    {
        var order = await sender.Send(new GetOrder(orderId), cancellationToken);
        return order is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found",
                detail: $"There is no order '{orderId}'.")
            : TypedResults.Ok(order);
    }
}
