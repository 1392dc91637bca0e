using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;

namespace HsePayord.BuildingBlocks.Validation;

/// <summary>
/// The input rules of the public contract that both modules share (see CONTRACT.md, "Conventions"). The validators
/// apply them and the OpenAPI documents state them (<c>Web/OpenApi</c>), both from the constants here.
/// </summary>
public static class ContractRules
{
    public const int UserIdMinLength = 1;
    public const int UserIdMaxLength = 64;

    /// <summary>An ECMA-262 pattern, as JSON Schema reads it.</summary>
    public static readonly string UserIdPattern = $"^[A-Za-z0-9._-]{{{UserIdMinLength},{UserIdMaxLength}}}$";

    /// <summary>What a userId may be, in the words every message and document uses.</summary>
    public static readonly string UserIdDescription = $"{UserIdMinLength}–{UserIdMaxLength} characters of A-Z a-z 0-9 . _ -";

    /// <summary>Amounts must be greater than this.</summary>
    public const decimal MinAmountExclusive = 0m;
    public const decimal MaxAmount = 1_000_000m;
    public const int AmountDecimals = 2;

    /// <summary>10^-<see cref="AmountDecimals"/>: every amount is a multiple of it.</summary>
    public const decimal AmountStep = 0.01m;

    public const int IdempotencyKeyMinLength = 1;
    public const int IdempotencyKeyMaxLength = 100;

    /// <summary>Printable ASCII (space to tilde); an ECMA-262 pattern.</summary>
    public static readonly string IdempotencyKeyPattern =
        $"^[\\x20-\\x7E]{{{IdempotencyKeyMinLength},{IdempotencyKeyMaxLength}}}$";

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly Regex UserIdRegex = FromJsonSchemaPattern(UserIdPattern);
    private static readonly Regex IdempotencyKeyRegex = FromJsonSchemaPattern(IdempotencyKeyPattern);

    public static string UserIdMessage => $"userId must be {UserIdDescription}";

    public static bool IsValidUserId(string? userId) => userId is not null && UserIdRegex.IsMatch(userId);

    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, AmountDecimals) == amount;

    public static bool IsValidIdempotencyKey(string? key) => key is null || IdempotencyKeyRegex.IsMatch(key);

    public static IRuleBuilderOptions<T, string> ValidUserId<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsValidUserId).WithMessage(UserIdMessage);

    public static IRuleBuilderOptions<T, decimal> ValidMoney<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.GreaterThan(MinAmountExclusive).WithMessage($"amount must be greater than {MinAmountExclusive.ToString(CultureInfo.InvariantCulture)}")
            .LessThanOrEqualTo(MaxAmount).WithMessage($"amount must be at most {MaxAmount.ToString(CultureInfo.InvariantCulture)}")
            .Must(HasAtMostTwoDecimals).WithMessage($"amount must have at most {AmountDecimals} decimal places");

    public static IRuleBuilderOptions<T, string?> ValidIdempotencyKey<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsValidIdempotencyKey)
            .WithMessage($"{IdempotencyKeyHeader} must be {IdempotencyKeyMinLength}–{IdempotencyKeyMaxLength} printable ASCII characters")
            .OverridePropertyName(IdempotencyKeyHeader);

    /// <summary>
    /// The same pattern for .NET: its <c>$</c> also matches before a final newline, ECMA-262's does not, so the end
    /// anchor becomes <c>\z</c>.
    /// </summary>
    private static Regex FromJsonSchemaPattern(string pattern) =>
        new(pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
}

/// <summary>A rule of <see cref="ContractRules"/> that a request field or parameter follows.</summary>
public enum ContractRule
{
    /// <summary>Required; <see cref="ContractRules.UserIdPattern"/>.</summary>
    UserId,

    /// <summary>Greater than 0, at most <see cref="ContractRules.MaxAmount"/>, at most two decimals.</summary>
    Money,

    /// <summary>The optional <c>Idempotency-Key</c> header.</summary>
    IdempotencyKey,
}

/// <summary>
/// Names the contract rule that a request property or endpoint parameter follows, so the OpenAPI document can state
/// it (the validator enforces it; a unit test checks that the two agree).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class FollowsAttribute(ContractRule rule) : Attribute
{
    public ContractRule Rule { get; } = rule;
}
