using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Orders.Features.CreateOrder;

internal sealed record CreateOrderRequest(string UserId, decimal Amount, string? Description = null);

internal static class CreateOrderEndpoint
{
    public static RouteGroupBuilder MapCreateOrder(this RouteGroupBuilder orders)
    {
        orders.MapPost("/", CreateOrderAsync)
            .WithName("CreateOrder")
            .WithSummary("Place an order; payment happens asynchronously, so it starts as PaymentPending.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return orders;
    }

    private static async Task<Accepted<OrderResponse>> CreateOrderAsync(
        CreateOrderRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ISender sender,
        CancellationToken cancellationToken)
    {
        var order = await sender.Send(
            new CreateOrder(request.UserId, request.Amount, request.Description, idempotencyKey), cancellationToken);
        return TypedResults.Accepted($"/api/orders/{order.OrderId}", order);
    }
}
