using System.Diagnostics;
using Npgsql;

namespace HsePayord.CrashTests;

/// <summary>
/// The promise, read straight from both modules' databases: every accepted order exists, is final and was charged
/// exactly once; no charge exists without its order; every balance is its deposit less its paid orders; nothing was
/// dead-lettered.
/// </summary>
public sealed class Books(string ordersConnection, string paymentsConnection)
{
    /// <summary>Waits until no accepted order is pending any more; returns how long that took.</summary>
    public async Task<TimeSpan> WaitUntilSettledAsync(IReadOnlyCollection<Guid> accepted, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () =>
        {
            var orders = await ReadOrdersAsync();
            var pending = accepted.Where(id => !orders.TryGetValue(id, out var order) || order.Status == "PaymentPending").ToList();
            return (Done: pending.Count == 0, State: pending.Count == 0 ? "" : await DescribeStrandedAsync(pending));
        }, seen => seen.Done, "every accepted order to be Paid or PaymentFailed", timeout, seen => seen.State);
        return stopwatch.Elapsed;
    }

    private async Task<string> DescribeStrandedAsync(List<Guid> pending)
    {
        var payments = await ReadPaymentsAsync();
        return $"{pending.Count} orders not final (charged: {pending.Count(payments.ContainsKey)}, e.g. {pending.First()}); "
            + $"dead letters: {await CountDeadLettersAsync(ordersConnection)} in Orders, {await CountDeadLettersAsync(paymentsConnection)} in Payments";
    }

    public async Task AssertBalancedAsync(IReadOnlyDictionary<Guid, AcceptedOrder> accepted, IReadOnlyDictionary<string, decimal> deposits)
    {
        var orders = await ReadOrdersAsync();
        var payments = await ReadPaymentsAsync();
        var balances = await Sql.QueryAsync(paymentsConnection, "SELECT user_id, balance FROM payments.accounts",
            row => (User: row.GetString(0), Balance: row.GetDecimal(1)));

        Assert.Equal(accepted.Keys.Order(), orders.Keys.Order());
        Assert.All(orders.Values, order => Assert.Equal("Paid", order.Status));
        Assert.Equal(orders.Keys.Order(), payments.Keys.Order());
        Assert.All(payments, payment =>
        {
            Assert.Null(payment.Value.DeclineReason);
            Assert.Equal(orders[payment.Key].Amount, payment.Value.Amount);
        });
        foreach (var (user, balance) in balances)
        {
            var charged = payments.Values.Where(p => p.User == user).Sum(p => p.Amount);
            Assert.Equal(deposits[user] - charged, balance);
        }

        Assert.Equal(0, await CountDeadLettersAsync(ordersConnection));
        Assert.Equal(0, await CountDeadLettersAsync(paymentsConnection));
    }

    private async Task<Dictionary<Guid, (string Status, decimal Amount)>> ReadOrdersAsync() =>
        (await Sql.QueryAsync(ordersConnection, "SELECT order_id, status, amount FROM orders.orders",
            row => (Id: row.GetGuid(0), Status: row.GetString(1), Amount: row.GetDecimal(2))))
        .ToDictionary(o => o.Id, o => (o.Status, o.Amount));

    private async Task<Dictionary<Guid, (string User, decimal Amount, string? DeclineReason)>> ReadPaymentsAsync() =>
        (await Sql.QueryAsync(paymentsConnection, "SELECT order_id, user_id, amount, decline_reason FROM payments.payments",
            row => (Id: row.GetGuid(0), User: row.GetString(1), Amount: row.GetDecimal(2), Reason: row.IsDBNull(3) ? null : row.GetString(3))))
        .ToDictionary(p => p.Id, p => (p.User, p.Amount, p.Reason));

    private static async Task<long> CountDeadLettersAsync(string database) =>
        (await Sql.QueryAsync(database, "SELECT count(*) FROM wolverine.wolverine_dead_letters", row => row.GetInt64(0))).Single();
}
