using HsePayord.BuildingBlocks.Validation;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Payments.Features.CreateAccount;

internal sealed record CreateAccountRequest([property: Follows(ContractRule.UserId)] string UserId);

internal static class CreateAccountEndpoint
{
    public static RouteGroupBuilder MapCreateAccount(this RouteGroupBuilder accounts)
    {
        accounts.MapPost("/", CreateAccountAsync)
            .WithName("CreateAccount")
            .WithSummary("Open the payment account of a user (one per user), with a balance of 0.")
            .WithRequestExample(new CreateAccountRequest(ContractOpenApi.UserIdExample))
            .WithLocationHeader(StatusCodes.Status201Created, "The account: /api/payments/accounts/{userId}.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return accounts;
    }

    private static async Task<Created<AccountResponse>> CreateAccountAsync(
        CreateAccountRequest request, ISender sender, CancellationToken cancellationToken)
    {
        var account = await sender.Send(new CreateAccount(request.UserId), cancellationToken);
        return TypedResults.Created($"/api/payments/accounts/{account.UserId}", account);
    }
}
