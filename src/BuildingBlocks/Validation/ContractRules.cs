using System.Text.RegularExpressions;
using FluentValidation;

namespace HsePayord.BuildingBlocks.Validation;

/// <summary>The input rules of the public contract that both modules share (see CONTRACT.md, "Conventions").</summary>
public static partial class ContractRules
{
    public const int UserIdMaxLength = 64;
    public const decimal MaxAmount = 1_000_000m;

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex UserIdPattern();

    public static bool IsValidUserId(string? userId) => userId is not null && UserIdPattern().IsMatch(userId);

    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, 2) == amount;

    public static IRuleBuilderOptions<T, string> ValidUserId<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsValidUserId)
            .WithMessage($"userId must be 1–{UserIdMaxLength} characters of A-Z a-z 0-9 . _ -");

    public static IRuleBuilderOptions<T, decimal> ValidMoney<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.GreaterThan(0).WithMessage("amount must be greater than 0")
            .LessThanOrEqualTo(MaxAmount).WithMessage("amount must be at most 1000000")
            .Must(HasAtMostTwoDecimals).WithMessage("amount must have at most 2 decimal places");

    public static IRuleBuilderOptions<T, string?> ValidIdempotencyKey<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(key => key is null || (key.Length is >= 1 and <= 100 && key.All(c => c is >= ' ' and <= '~')))
            .WithMessage("Idempotency-Key must be 1–100 printable ASCII characters")
            .OverridePropertyName("Idempotency-Key");
}
