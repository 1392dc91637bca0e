using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Payments.Contracts;
using HsePayord.Modules.Payments.Features;
using HsePayord.Modules.Payments.Features.ChargeForOrders;
using HsePayord.Modules.Payments.Features.CreateAccount;
using HsePayord.Modules.Payments.Features.Deposit;
using HsePayord.Modules.Payments.Features.GetAccount;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.Modules.Payments;

/// <summary>
/// Run once before the host reports ready: a read that finds nothing, a deposit that fails validation, and a rehearsal
/// of opening an account, funding it and charging an order to it (written, then rolled back; nothing is sent). The
/// mediator pipeline, the validators, the queries, the account lock, EF Core's inserts and updates, the outbox's
/// envelope rows and the JSON contracts are compiled, and the routes of the payment outcomes are built. Nothing is
/// stored.
/// </summary>
internal sealed class PaymentsWarmUp : IWarmUp
{
    private const string NoSuchUser = "warm-up";

    public async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        MessagingWarmUp.WarmUpRoutes(services, typeof(PaymentSucceeded), typeof(PaymentFailed));

        var sender = services.GetRequiredService<ISender>();
        await sender.Send(new GetAccount(NoSuchUser), cancellationToken);
        await WarmUpPaths.SendRefusedAsync(sender, new Deposit(NoSuchUser, Amount: 0m, IdempotencyKey: null), cancellationToken);
        WarmUpPaths.PrepareJsonContracts(services, typeof(AccountResponse));

        await WarmUpPaths.RehearseAsync(services, async (rehearsal, ct) =>
        {
            var userId = WarmUpPaths.RehearsalUserId();
            await rehearsal.Send(new CreateAccount(userId), ct);
            await rehearsal.Send(new Deposit(userId, Amount: 10m, IdempotencyKey: userId), ct);
            var orderId = Guid.CreateVersion7();
            var delivery = new JourneyItem(orderId, Guid.CreateVersion7(), Attempt: 1);
            await rehearsal.Send(new ChargeForOrders([new OrderCharge(orderId, userId, Amount: 1m, delivery)]), ct);
        }, cancellationToken);
    }
}
