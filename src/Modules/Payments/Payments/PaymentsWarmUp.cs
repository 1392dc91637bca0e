using FluentValidation;
using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Payments.Contracts;
using HsePayord.Modules.Payments.Features;
using HsePayord.Modules.Payments.Features.Deposit;
using HsePayord.Modules.Payments.Features.GetAccount;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        try
        {
            await sender.Send(new Deposit(NoSuchUser, Amount: 0m, IdempotencyKey: null), cancellationToken);
        }
        catch (ValidationException)
        {
            // Expected: a zero amount is refused before anything is stored.
        }

        services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.GetTypeInfo(typeof(AccountResponse));
    }
}
