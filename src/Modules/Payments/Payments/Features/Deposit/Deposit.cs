using FluentValidation;
using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Payments.Persistence;
using Mediator;

namespace HsePayord.Modules.Payments.Features.Deposit;

internal sealed record Deposit(string UserId, decimal Amount, string? IdempotencyKey)
    : ICommand<AccountResponse>, IIdempotentCommand;

internal sealed class DepositValidator : AbstractValidator<Deposit>
{
    public DepositValidator()
    {
        RuleFor(c => c.UserId).ValidUserId();
        RuleFor(c => c.Amount).ValidMoney();
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

internal sealed class DepositHandler(PaymentsDbContext db, TimeProvider clock) : ICommandHandler<Deposit, AccountResponse>
{
    public async ValueTask<AccountResponse> Handle(Deposit command, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.FindAsync([command.UserId], cancellationToken)
            ?? throw new NotFoundException("Account not found", $"User '{command.UserId}' has no account.");

        account.Deposit(command.Amount, clock.GetUtcNowForStorage());
        return AccountResponse.From(account);
    }
}
