using HsePayord.BuildingBlocks.Validation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Payments.Features.GetAccount;

internal static class GetAccountEndpoint
{
    public static RouteGroupBuilder MapGetAccount(this RouteGroupBuilder accounts)
    {
        accounts.MapGet("/{userId}", GetAccountAsync)
            .WithName("GetAccount")
            .WithSummary("The account of a user and its current balance.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return accounts;
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAccountAsync(
        [Follows(ContractRule.UserId)] string userId, ISender sender, CancellationToken cancellationToken)
    {
        var account = await sender.Send(new GetAccount(userId), cancellationToken);
        return account is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Account not found",
                detail: $"User '{userId}' has no account.")
            : TypedResults.Ok(account);
    }
}
