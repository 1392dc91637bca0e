using HsePayord.Modules.Orders.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.Modules.Orders.Features.GetOrder;

internal sealed record GetOrder(Guid OrderId) : IQuery<OrderResponse?>;

internal sealed class GetOrderHandler(OrdersDbContext db) : IQueryHandler<GetOrder, OrderResponse?>
{
    public async ValueTask<OrderResponse?> Handle(GetOrder query, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == query.OrderId, cancellationToken);
        return order is null ? null : OrderResponse.From(order);
    }
}
