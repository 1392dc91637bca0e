using FluentValidation.Results;
using HsePayord.Modules.Orders.Features.CreateOrder;
using HsePayord.Modules.Orders.Features.ListOrders;
using HsePayord.Modules.Payments.Features.CreateAccount;
using HsePayord.Modules.Payments.Features.Deposit;
using HsePayord.Modules.Payments.Features.GetAccount;

namespace HsePayord.UnitTests.Validation;

/// <summary>Each request's validator applies the contract's rules to its fields, and names the field as the API shows it.</summary>
public sealed class RequestValidatorTests
{
    private const string ValidUserId = "alice";
    private const decimal ValidAmount = 25m;

    private static readonly Dictionary<string, Func<string, ValidationResult>> RequestsNamingAUser = new()
    {
        [nameof(CreateOrder)] = userId => new CreateOrderValidator().Validate(new CreateOrder(userId, ValidAmount, "Coffee")),
        [nameof(ListOrders)] = userId => new ListOrdersValidator().Validate(new ListOrders(userId)),
        [nameof(CreateAccount)] = userId => new CreateAccountValidator().Validate(new CreateAccount(userId)),
        [nameof(GetAccount)] = userId => new GetAccountValidator().Validate(new GetAccount(userId)),
        [nameof(Deposit)] = userId => new DepositValidator().Validate(new Deposit(userId, ValidAmount, null)),
    };

    private static readonly Dictionary<string, Func<decimal, ValidationResult>> RequestsWithAnAmount = new()
    {
        [nameof(CreateOrder)] = amount => new CreateOrderValidator().Validate(new CreateOrder(ValidUserId, amount, null)),
        [nameof(Deposit)] = amount => new DepositValidator().Validate(new Deposit(ValidUserId, amount, null)),
    };

    private static readonly Dictionary<string, Func<string?, ValidationResult>> RequestsWithAnIdempotencyKey = new()
    {
        [nameof(CreateOrder)] = key => new CreateOrderValidator().Validate(new CreateOrder(ValidUserId, ValidAmount, null, key)),
        [nameof(Deposit)] = key => new DepositValidator().Validate(new Deposit(ValidUserId, ValidAmount, key)),
    };

    public static TheoryData<string, string> ValidUserIds => Theories.Cross(RequestsNamingAUser.Keys, Examples.ValidUserIds);

    public static TheoryData<string, string> InvalidUserIds => Theories.Cross(RequestsNamingAUser.Keys, Examples.InvalidUserIds);

    public static TheoryData<string, decimal> ValidAmounts => Theories.Cross(RequestsWithAnAmount.Keys, Examples.ValidAmounts);

    public static TheoryData<string, decimal> InvalidAmounts => Theories.Cross(RequestsWithAnAmount.Keys, Examples.InvalidAmounts);

    public static TheoryData<string, string?> ValidIdempotencyKeys =>
        Theories.Cross(RequestsWithAnIdempotencyKey.Keys, Examples.ValidIdempotencyKeys);

    public static TheoryData<string, string> InvalidIdempotencyKeys =>
        Theories.Cross(RequestsWithAnIdempotencyKey.Keys, Examples.InvalidIdempotencyKeys);

    public static TheoryData<string?> ValidDescriptions => Theories.Of<string?>([null, "", "Coffee", new string('d', 200)]);

    [Theory]
    [MemberData(nameof(ValidUserIds))]
    public void Every_request_naming_a_user_accepts_a_valid_userId(string request, string userId) =>
        AssertValid(RequestsNamingAUser[request](userId));

    [Theory]
    [MemberData(nameof(InvalidUserIds))]
    public async Task Every_request_naming_a_user_rejects_an_invalid_userId(string request, string userId) =>
        await AssertRejectsOnlyAsync(RequestsNamingAUser[request](userId), "userId");

    [Fact]
    public async Task Listing_orders_without_a_userId_is_rejected() =>
        await AssertRejectsOnlyAsync(new ListOrdersValidator().Validate(new ListOrders(null)), "userId");

    [Theory]
    [MemberData(nameof(ValidAmounts))]
    public void Orders_and_deposits_accept_an_amount_within_the_money_rules(string request, decimal amount) =>
        AssertValid(RequestsWithAnAmount[request](amount));

    [Theory]
    [MemberData(nameof(InvalidAmounts))]
    public async Task Orders_and_deposits_reject_an_amount_outside_the_money_rules(string request, decimal amount) =>
        await AssertRejectsOnlyAsync(RequestsWithAnAmount[request](amount), "amount");

    [Theory]
    [MemberData(nameof(ValidDescriptions))]
    public void An_order_description_is_optional_and_at_most_200_characters(string? description) =>
        AssertValid(new CreateOrderValidator().Validate(new CreateOrder(ValidUserId, ValidAmount, description)));

    [Fact]
    public async Task An_order_description_of_201_characters_is_rejected() =>
        await AssertRejectsOnlyAsync(
            new CreateOrderValidator().Validate(new CreateOrder(ValidUserId, ValidAmount, new string('d', 201))), "description");

    [Theory]
    [MemberData(nameof(ValidIdempotencyKeys))]
    public void Orders_and_deposits_accept_a_well_formed_or_absent_Idempotency_Key(string request, string? key) =>
        AssertValid(RequestsWithAnIdempotencyKey[request](key));

    [Theory]
    [MemberData(nameof(InvalidIdempotencyKeys))]
    public async Task Orders_and_deposits_reject_a_malformed_Idempotency_Key(string request, string key) =>
        await AssertRejectsOnlyAsync(RequestsWithAnIdempotencyKey[request](key), "Idempotency-Key");

    private static void AssertValid(ValidationResult result) =>
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));

    private static async Task AssertRejectsOnlyAsync(ValidationResult result, string field)
    {
        Assert.False(result.IsValid, $"{field} should be rejected");
        Assert.Equal([field], await ApiErrors.FieldsAsync(result));
    }
}
