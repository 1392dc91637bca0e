using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Payments.Contracts;
using HsePayord.Modules.Payments.Features;
using HsePayord.Modules.Payments.Features.Deposit;
using HsePayord.Modules.Payments.Features.GetAccount;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.Modules.Payments;

/// <summary>
/// Run once before the host reports ready, with a read that finds nothing and a deposit that fails validation: the
/// mediator pipeline, the validators, the account query and the JSON contracts are compiled, and the routes of the
/// payment outcomes are built. Nothing is stored.
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
    }
}
