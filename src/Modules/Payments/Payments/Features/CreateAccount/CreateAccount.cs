using FluentValidation;
using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Payments.Domain;
using HsePayord.Modules.Payments.Persistence;
using Mediator;

namespace HsePayord.Modules.Payments.Features.CreateAccount;

internal sealed record CreateAccount(string UserId) : ICommand<AccountResponse>;

internal sealed class CreateAccountValidator : AbstractValidator<CreateAccount>
{
    public CreateAccountValidator() => RuleFor(c => c.UserId).ValidUserId();
}

internal sealed class CreateAccountHandler(PaymentsDbContext db, TimeProvider clock)
    : ICommandHandler<CreateAccount, AccountResponse>
{
    public async ValueTask<AccountResponse> Handle(CreateAccount command, CancellationToken cancellationToken)
    {
        // A concurrent create of the same user collides on the primary key and is retried, then lands here.
        if (await db.Accounts.FindAsync([command.UserId], cancellationToken) is not null)
        {
            throw new ConflictException("Account already exists", $"User '{command.UserId}' already has an account.");
        }

        var account = Account.Open(command.UserId, clock.GetUtcNowForStorage());
        db.Accounts.Add(account);
        return AccountResponse.From(account);
    }
}
