using FluentValidation;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Orders.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.Modules.Orders.Features.ListOrders;

internal sealed record ListOrders(string? UserId) : IQuery<IReadOnlyList<OrderResponse>>;

internal sealed class ListOrdersValidator : AbstractValidator<ListOrders>
{
    public ListOrdersValidator() => RuleFor(q => q.UserId!).ValidUserId();
}

internal sealed class ListOrdersHandler(OrdersDbContext db) : IQueryHandler<ListOrders, IReadOnlyList<OrderResponse>>
{
    public async ValueTask<IReadOnlyList<OrderResponse>> Handle(ListOrders query, CancellationToken cancellationToken)
    {
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.UserId == query.UserId)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.OrderId)
            .ToListAsync(cancellationToken);
        return orders.ConvertAll(OrderResponse.From);
    }
}
