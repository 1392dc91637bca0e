using System.ComponentModel.DataAnnotations;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Orders.Admission;
using HsePayord.Modules.Orders.Domain;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Orders.Features.CreateOrder;

internal sealed record CreateOrderRequest(
    [property: Follows(ContractRule.UserId)] string UserId,
    [property: Follows(ContractRule.Money)] decimal Amount,
    [property: MaxLength(Order.DescriptionMaxLength)] string? Description = null);

internal static class CreateOrderEndpoint
{
    public static RouteGroupBuilder MapCreateOrder(this RouteGroupBuilder orders)
    {
        orders.MapPost("/", CreateOrderAsync)
            .WithName("CreateOrder")
            .WithSummary("Place an order; payment happens asynchronously, so it starts as PaymentPending.")
            .WithRequestExample(new CreateOrderRequest(ContractOpenApi.UserIdExample, 25m, "Coffee"))
            .WithLocationHeader(StatusCodes.Status202Accepted, "The order: /api/orders/{orderId}.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireOrderAdmission();
        return orders;
    }

    private static async Task<Accepted<OrderResponse>> CreateOrderAsync(
        CreateOrderRequest request,
        [FromHeader(Name = ContractRules.IdempotencyKeyHeader), Follows(ContractRule.IdempotencyKey)] string? idempotencyKey,
        ISender sender,
        PendingOrders pending,
        CancellationToken cancellationToken)
    {
        var order = await sender.Send(
            new CreateOrder(request.UserId, request.Amount, request.Description, idempotencyKey), cancellationToken);
        pending.Accepted(order);
        return TypedResults.Accepted($"/api/orders/{order.OrderId}", order);
    }
}
