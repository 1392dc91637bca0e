namespace HsePayord.UnitTests;

/// <summary>Inputs on both sides of the public contract's rules (CONTRACT.md, "Conventions").</summary>
public static class Examples
{
    public static readonly string[] ValidUserIds = ["a", "alice", "Alice.B_c-9", "0", "._-", new('u', 64)];

    public static readonly string[] InvalidUserIds =
        ["", new('u', 65), "ali ce", "alicé", "алиса", "ali/ce", "ali,ce", "alice\n", "\nalice"];

    public static readonly decimal[] ValidAmounts = [0.01m, 1m, 1.000m, 25.5m, 100.25m, 999_999.99m, 1_000_000m];

    public static readonly decimal[] InvalidAmounts = [0m, -0.01m, -1m, 0.001m, 25.555m, 1_000_000.01m, 1_000_001m];

    public static readonly decimal[] NonPositiveAmounts = [0m, -0.01m, -25m];

    public static readonly string?[] ValidIdempotencyKeys =
        [null, "k", new('k', 100), "550e8400-e29b-41d4-a716-446655440000", "a b", " !~"];

    public static readonly string[] InvalidIdempotencyKeys =
        ["", new('k', 101), "ключ", "café", "tab\t", "line\n", "\u007f", "\0"];

    public static TheoryData<string> ValidUserIdCases => Theories.Of(ValidUserIds);

    public static TheoryData<string> InvalidUserIdCases => Theories.Of(InvalidUserIds);

    public static TheoryData<decimal> ValidAmountCases => Theories.Of(ValidAmounts);

    public static TheoryData<decimal> InvalidAmountCases => Theories.Of(InvalidAmounts);

    public static TheoryData<decimal> NonPositiveAmountCases => Theories.Of(NonPositiveAmounts);
}
