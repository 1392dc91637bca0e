using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HsePayord.IntegrationTests;

public sealed record OrderJson(
    Guid OrderId,
    string UserId,
    decimal Amount,
    string? Description,
    string Status,
    string? FailureReason,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public bool IsFinal => Status is "Paid" or "PaymentFailed";
}

public sealed record AccountJson(string UserId, decimal Balance);

/// <summary>The public contract, as a client sees it: JSON over HTTP, nothing from inside the modules.</summary>
public sealed class Api(SystemFixture system)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewUserId(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}";

    public async Task<AccountJson> CreateAccountAsync(string userId, decimal deposit = 0)
    {
        using var created = await system.Payments.PostAsJsonAsync("/api/payments/accounts", new { userId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = (await created.Content.ReadFromJsonAsync<AccountJson>(Json))!;
        return deposit > 0 ? await DepositAsync(userId, deposit) : account;
    }

    public async Task<AccountJson> DepositAsync(string userId, decimal amount)
    {
        using var response = await system.Payments.PostAsJsonAsync($"/api/payments/accounts/{userId}/deposits", new { amount });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccountJson>(Json))!;
    }

    public async Task<decimal> BalanceAsync(string userId) =>
        (await system.Payments.GetFromJsonAsync<AccountJson>($"/api/payments/accounts/{userId}", Json))!.Balance;

    public async Task<OrderJson> CreateOrderAsync(string userId, decimal amount, string? description = null)
    {
        using var response = await system.Orders.PostAsJsonAsync("/api/orders", new { userId, amount, description });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderJson>(Json))!;
    }

    public async Task<OrderJson> GetOrderAsync(Guid orderId) =>
        (await system.Orders.GetFromJsonAsync<OrderJson>($"/api/orders/{orderId}", Json))!;

    public async Task<IReadOnlyList<OrderJson>> ListOrdersAsync(string userId) =>
        (await system.Orders.GetFromJsonAsync<List<OrderJson>>($"/api/orders?userId={userId}", Json))!;

    /// <summary>Polls the order until it is Paid or PaymentFailed; payment is asynchronous.</summary>
    public Task<OrderJson> WaitUntilFinalAsync(Guid orderId, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            () => GetOrderAsync(orderId), order => order.IsFinal, $"order {orderId} to be Paid or PaymentFailed", timeout,
            order => order.Status + system.HostStopsNote);

    public Task<IReadOnlyList<OrderJson>> WaitUntilAllFinalAsync(string userId, int expectedCount, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            () => ListOrdersAsync(userId),
            orders => orders.Count == expectedCount && orders.All(o => o.IsFinal),
            $"{expectedCount} orders of {userId}, all Paid or PaymentFailed",
            timeout ?? TimeSpan.FromSeconds(60),
            orders => $"{orders.Count} orders, {orders.Count(o => !o.IsFinal)} not final{system.HostStopsNote}");
}
