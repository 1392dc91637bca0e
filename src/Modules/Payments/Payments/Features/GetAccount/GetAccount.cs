using FluentValidation;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Payments.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.Modules.Payments.Features.GetAccount;

internal sealed record GetAccount(string UserId) : IQuery<AccountResponse?>;

internal sealed class GetAccountValidator : AbstractValidator<GetAccount>
{
    public GetAccountValidator() => RuleFor(q => q.UserId).ValidUserId();
}

internal sealed class GetAccountHandler(PaymentsDbContext db) : IQueryHandler<GetAccount, AccountResponse?>
{
    public async ValueTask<AccountResponse?> Handle(GetAccount query, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == query.UserId, cancellationToken);
        return account is null ? null : AccountResponse.From(account);
    }
}
