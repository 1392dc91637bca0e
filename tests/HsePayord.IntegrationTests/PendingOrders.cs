using Npgsql;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Orders written straight into the Orders database as PaymentPending, with no payment request ever sent: Payments
/// never hears of them, so only an outcome a test injects can settle them (no real outcome races the injected ones).
/// </summary>
public static class PendingOrders
{
    public static async Task<Guid> InsertAsync(string userId, decimal amount)
    {
        var orderId = Guid.NewGuid();
        var now = DateTime.UtcNow;
        await using var connection = await SystemFixture.OpenTestConnectionAsync(SystemFixture.OrdersDatabase);
        await using var command = new NpgsqlCommand(
            "INSERT INTO orders.orders (order_id, user_id, amount, status, created_at, updated_at) " +
            "VALUES ($1, $2, $3, 'PaymentPending', $4, $4)",
            connection)
        {
            Parameters = { new() { Value = orderId }, new() { Value = userId }, new() { Value = amount }, new() { Value = now } },
        };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        return orderId;
    }
}
