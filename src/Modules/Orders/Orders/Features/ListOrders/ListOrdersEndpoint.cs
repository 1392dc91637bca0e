using HsePayord.BuildingBlocks.Validation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Orders.Features.ListOrders;

internal static class ListOrdersEndpoint
{
    public static RouteGroupBuilder MapListOrders(this RouteGroupBuilder orders)
    {
        orders.MapGet("/", ListOrdersAsync)
            .WithName("ListOrders")
            .WithSummary("A user's orders, newest first.")
            .ProducesValidationProblem();
        return orders;
    }

    private static async Task<Ok<IReadOnlyList<OrderResponse>>> ListOrdersAsync(
        [Follows(ContractRule.UserId)] string? userId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListOrders(userId), cancellationToken));
}
