using FluentValidation;
using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Orders.Features.GetOrderJourney;
using HsePayord.Modules.Orders.Persistence;
using Mediator;

namespace HsePayord.Modules.Orders.Features.CreateOrder;

internal sealed record CreateOrder(
    string UserId, decimal Amount, string? Description, string? IdempotencyKey = null, string? IdempotencyScope = null)
    : ICommand<OrderResponse>, IIdempotentCommand;

internal sealed class CreateOrderValidator : AbstractValidator<CreateOrder>
{
    public CreateOrderValidator()
    {
        RuleFor(c => c.UserId).ValidUserId();
        RuleFor(c => c.Amount).ValidMoney();
        RuleFor(c => c.Description).MaximumLength(Order.DescriptionMaxLength)
            .WithMessage($"description must be at most {Order.DescriptionMaxLength} characters");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

/// <summary>
/// Places the order and asks Payments to charge it: the order row and the <see cref="PaymentRequested"/>
/// envelope commit in one transaction (the unit of work), so neither exists without the other.
/// </summary>
internal sealed class CreateOrderHandler(OrdersDbContext db, IOutbox outbox, IJournal journal, TimeProvider clock)
    : ICommandHandler<CreateOrder, OrderResponse>
{
    public ValueTask<OrderResponse> Handle(CreateOrder command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var order = Order.Place(Guid.CreateVersion7(now), command.UserId, command.Amount, command.Description, now);
        db.Orders.Add(order);

        outbox.Enqueue(new PaymentRequested(order.OrderId, order.UserId, order.Amount, now));
        outbox.Enqueue(OrderResponse.ToStatusChanged(order));
        journal.Enlist(db, order.OrderId, OrderJourney.Placed,
            detail: $"{order.Amount} for {order.UserId}; order and PaymentRequested committed in one transaction");
        return ValueTask.FromResult(OrderResponse.From(order));
    }
}
