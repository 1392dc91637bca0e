using HsePayord.BuildingBlocks.Validation;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Payments.Features.Deposit;

internal sealed record DepositRequest([property: Follows(ContractRule.Money)] decimal Amount);

internal static class DepositEndpoint
{
    public static RouteGroupBuilder MapDeposit(this RouteGroupBuilder accounts)
    {
        accounts.MapPost("/{userId}/deposits", DepositAsync)
            .WithName("Deposit")
            .WithSummary("Add money to an account; answers with the balance after the deposit.")
            .WithRequestExample(new DepositRequest(100.25m))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return accounts;
    }

    private static async Task<Ok<AccountResponse>> DepositAsync(
        [Follows(ContractRule.UserId)] string userId,
        DepositRequest request,
        [FromHeader(Name = ContractRules.IdempotencyKeyHeader), Follows(ContractRule.IdempotencyKey)] string? idempotencyKey,
        ISender sender,
        CancellationToken cancellationToken)
    {
        var account = await sender.Send(new Deposit(userId, request.Amount, idempotencyKey), cancellationToken);
        return TypedResults.Ok(account);
    }
}
