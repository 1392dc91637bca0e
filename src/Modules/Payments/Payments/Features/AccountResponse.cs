using HsePayord.BuildingBlocks.Application;
using HsePayord.Modules.Payments.Domain;

namespace HsePayord.Modules.Payments.Features;

/// <summary>An account as the API shows it.</summary>
internal sealed record AccountResponse(string UserId, decimal Balance)
{
    public static AccountResponse From(Account account) => new(account.UserId, Money.Normalize(account.Balance));
}
