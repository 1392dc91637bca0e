using Npgsql;

namespace HsePayord.Benchmark;

/// <summary>An order the API answered 202 for, as the client placed it.</summary>
internal sealed record PlacedOrder(string User, decimal Amount);

/// <summary>
/// The books as both modules' databases hold them after the run, for this run's users only (each run has its own):
/// the rows of <c>orders.orders</c>, <c>payments.payments</c> and <c>payments.accounts</c> (the modules' EF models),
/// compared with what the API accepted. A push per order and a balance per user over REST would both look right with
/// an order placed twice or charged twice; rows counted in the databases do not.
/// </summary>
internal sealed class Ledger
{
    private const string Paid = "Paid";
    private const string PaymentFailed = "PaymentFailed";

    private readonly List<(Guid Id, string User, decimal Amount, string Status)> _orders;
    private readonly List<(Guid OrderId, string User, decimal Amount, string? DeclineReason)> _payments;
    private readonly List<(string User, decimal Balance)> _accounts;

    private Ledger(
        List<(Guid, string, decimal, string)> orders,
        List<(Guid, string, decimal, string?)> payments,
        List<(string, decimal)> accounts)
    {
        _orders = orders;
        _payments = payments;
        _accounts = accounts;
    }

    public static async Task<Ledger> ReadAsync(string ordersDb, string paymentsDb, IReadOnlyList<string> users) =>
        new(
            await QueryAsync(ordersDb, "SELECT order_id, user_id, amount, status FROM orders.orders WHERE user_id = ANY(@users)", users,
                row => (row.GetGuid(0), row.GetString(1), row.GetDecimal(2), row.GetString(3))),
            await QueryAsync(paymentsDb, "SELECT order_id, user_id, amount, decline_reason FROM payments.payments WHERE user_id = ANY(@users)", users,
                row => (row.GetGuid(0), row.GetString(1), row.GetDecimal(2), row.IsDBNull(3) ? null : row.GetString(3))),
            await QueryAsync(paymentsDb, "SELECT user_id, balance FROM payments.accounts WHERE user_id = ANY(@users)", users,
                row => (row.GetString(0), row.GetDecimal(1))));

    public int OrderRows => _orders.Count;

    public int Count(string status) => _orders.Count(o => o.Status == status);

    public int Charges => _payments.Count(p => p.DeclineReason is null);

    public int Declines => _payments.Count(p => p.DeclineReason is not null);

    public int Accounts => _accounts.Count;

    /// <summary>
    /// Every accepted order has exactly one order row, of its user and amount, final (and as its push said); every
    /// Paid order exactly one charge of its amount, no other order any; no payment without its order; every user one
    /// account whose balance is the deposit less the charges, never negative.
    /// </summary>
    public List<string> Check(
        IReadOnlyDictionary<Guid, PlacedOrder> accepted, IReadOnlyDictionary<Guid, string> pushedStatus,
        IReadOnlyList<string> users, decimal deposit)
    {
        var violations = new List<string>();
        var orders = _orders.ToLookup(o => o.Id);
        var payments = _payments.ToLookup(p => p.OrderId);

        foreach (var (id, placed) in accepted)
        {
            var rows = orders[id].ToList();
            if (rows.Count != 1)
            {
                violations.Add($"order {id} ({placed.User}): {rows.Count} order rows, expected 1");
                continue;
            }

            var order = rows[0];
            if (order.User != placed.User || order.Amount != placed.Amount)
            {
                violations.Add($"order {id}: stored for {order.User}, {order.Amount}; placed for {placed.User}, {placed.Amount}");
            }

            if (order.Status is not (Paid or PaymentFailed))
            {
                violations.Add($"order {id} ({placed.User}): {order.Status}, not final");
            }
            else if (pushedStatus.TryGetValue(id, out var pushed) && pushed != order.Status)
            {
                violations.Add($"order {id} ({placed.User}): pushed {pushed}, stored {order.Status}");
            }

            var charges = payments[id].Where(p => p.DeclineReason is null).ToList();
            var expectedCharges = order.Status == Paid ? 1 : 0;
            if (charges.Count != expectedCharges)
            {
                violations.Add($"order {id} ({placed.User}, {order.Status}): {charges.Count} charges, expected {expectedCharges}");
            }
            else if (charges.Any(c => c.Amount != order.Amount || c.User != order.User))
            {
                violations.Add($"order {id} ({placed.User}): charged {charges[0].Amount} to {charges[0].User}, ordered {order.Amount}");
            }
        }

        foreach (var order in _orders.Where(o => !accepted.ContainsKey(o.Id)))
        {
            violations.Add($"order {order.Id} ({order.User}, {order.Status}): stored, but the API accepted no such order (placed twice?)");
        }

        foreach (var payment in _payments.Where(p => !orders.Contains(p.OrderId)))
        {
            violations.Add($"payment for order {payment.OrderId} ({payment.User}, {payment.Amount}): no such order");
        }

        var balances = _accounts.ToLookup(a => a.User);
        foreach (var user in users)
        {
            var accounts = balances[user].ToList();
            if (accounts.Count != 1)
            {
                violations.Add($"{user}: {accounts.Count} accounts, expected 1");
                continue;
            }

            var charged = _payments.Where(p => p.User == user && p.DeclineReason is null).Sum(p => p.Amount);
            var balance = accounts[0].Balance;
            if (deposit - charged != balance)
            {
                violations.Add($"{user}: deposited {deposit} − charged {charged} ≠ balance {balance}");
            }

            if (balance < 0)
            {
                violations.Add($"{user}: negative balance {balance}");
            }
        }

        return violations;
    }

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, IReadOnlyList<string> users, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("users", users.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
