using System.ComponentModel.DataAnnotations;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Orders.Admission;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Orders.Features;
using HsePayord.Modules.Orders.Features.CreateOrder;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;

namespace HsePayord.Modules.Orders.LiveUpdates;

/// <summary>Arguments of the hub's <c>CreateOrder</c>; the user is the connection's.</summary>
internal sealed record CreateOrderInput(
    [property: Follows(ContractRule.Money)] decimal Amount,
    [property: MaxLength(Order.DescriptionMaxLength)] string? Description = null,
    [property: Follows(ContractRule.IdempotencyKey)] string? IdempotencyKey = null);

/// <summary>
/// <c>/hubs/orders?userId=…</c>: pushes <c>orderUpdated</c> for the connection's user and lets it create orders.
/// Connections with a missing or invalid userId are refused before they are established (see <see cref="UserIdQuery"/>).
/// </summary>
internal sealed class OrdersHub(ISender sender, UserConnections connections, OrderAdmission admission, PendingOrders pending) : Hub
{
    public const string Path = "/hubs/orders";
    public const string OrderUpdatedEvent = "orderUpdated";

    public static string GroupOf(string userId) => $"user:{userId}";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(UserId));
        connections.Connected(UserId);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Disconnected(UserId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Places an order for the connection's user. A repeat with the same <c>idempotencyKey</c> (a client retrying
    /// after a dropped connection) returns the first order and places nothing; keys are the user's own.
    /// </summary>
    public async Task<OrderResponse> CreateOrder(CreateOrderInput input)
    {
        using var admitted = await admission.AdmitAsync(Context.ConnectionAborted);
        var order = await sender.Send(
            new CreateOrder(UserId, input.Amount, input.Description, input.IdempotencyKey, IdempotencyScope: $"user:{UserId}"),
            Context.ConnectionAborted);
        pending.Accepted(order);
        return order;
    }

    private string UserId => UserIdQuery.Read(Context.GetHttpContext()!)!;
}

internal static class UserIdQuery
{
    public static string? Read(HttpContext httpContext) => httpContext.Request.Query["userId"].ToString() is { Length: > 0 } userId
        ? userId
        : null;

    /// <summary>Answers negotiate and connect requests without a valid <c>userId</c> with a 400 problem.</summary>
    public static TBuilder RequireValidUserIdQuery<TBuilder>(this TBuilder builder) where TBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var next = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async httpContext =>
            {
                if (ContractRules.IsValidUserId(Read(httpContext)))
                {
                    await next(httpContext);
                    return;
                }

                await Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The request is invalid",
                    detail: $"Connect with ?userId= ({ContractRules.UserIdDescription}).").ExecuteAsync(httpContext);
            };
        });
        return builder;
    }
}
