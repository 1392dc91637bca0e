using System.Net;
using System.Net.Http.Json;

namespace HsePayord.CrashTests;

/// <summary>
/// The crash tests' own PostgreSQL cluster and RabbitMQ node, started once for the collection: they are the ones these
/// tests kill, so nothing else on the machine (the other test suites, a running local system) is touched.
/// PAYORD_TEST_INSTANCE moves their ports, so two runs on one machine stay apart.
/// </summary>
public sealed class CrashLab : IAsyncLifetime
{
    internal static readonly int Offset = Environment.GetEnvironmentVariable("PAYORD_TEST_INSTANCE") is { Length: > 0 } instance
        ? 1 + instance.Sum(c => c) % 50
        : 0;

    internal static readonly string Name = $"payord-crash{(Offset == 0 ? "" : "-" + Offset)}";

    private int _shops;

    public PostgresCluster Postgres { get; } = new(Name, 55432 + Offset);

    public RabbitMqNode RabbitMq { get; } = new(Name, 5673 + Offset);

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        await RabbitMq.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>
    /// Both hosts as processes on databases and a vhost of their own, with funded shoppers; on the lab's PostgreSQL
    /// cluster and RabbitMQ node unless another <paramref name="database"/> (a replicated pair) or
    /// <paramref name="broker"/> (a cluster) is given.
    /// </summary>
    public async Task<Shop> OpenShopAsync(string testName, int shoppers, IBroker? broker = null, IShopDatabase? database = null)
    {
        broker ??= RabbitMq;
        database ??= Postgres;
        var id = $"{testName.ToLowerInvariant()}_{Interlocked.Increment(ref _shops)}";
        await database.CreateDatabaseAsync($"orders_{id}");
        await database.CreateDatabaseAsync($"payments_{id}");
        await broker.AddVirtualHostAsync(id);

        var logs = Path.Combine(AppContext.BaseDirectory, "crash-logs", id);
        var rabbitMq = broker.AmqpUri(id);
        var shop = new Shop(
            new HostProcess("Payments", new Dictionary<string, string>
            {
                ["Payments"] = database.ConnectionString($"payments_{id}"),
                ["RabbitMq"] = rabbitMq,
            }, Path.Combine(logs, "payments.log")),
            new HostProcess("Orders", new Dictionary<string, string>
            {
                ["Orders"] = database.ConnectionString($"orders_{id}"),
                ["RabbitMq"] = rabbitMq,
            }, Path.Combine(logs, "orders.log")),
            new Books(database.ObserverConnectionString($"orders_{id}"), database.ObserverConnectionString($"payments_{id}")))
        {
            OrdersDatabase = $"orders_{id}",
            PaymentsDatabase = $"payments_{id}",
            VirtualHost = id,
        };
        await shop.Payments.StartAsync();
        await shop.Orders.StartAsync();
        await shop.FundShoppersAsync(shoppers);
        return shop;
    }
}

public sealed class Shop(HostProcess payments, HostProcess orders, Books books) : IAsyncDisposable
{
    public const decimal Deposit = 100_000m;

    public HostProcess Payments { get; } = payments;

    public HostProcess Orders { get; } = orders;

    public Books Books { get; } = books;

    public required string OrdersDatabase { get; init; }

    public required string PaymentsDatabase { get; init; }

    public required string VirtualHost { get; init; }

    public Dictionary<string, decimal> Deposits { get; } = [];

    public async Task FundShoppersAsync(int count)
    {
        using var http = new HttpClient { BaseAddress = Payments.BaseAddress };
        for (var i = 0; i < count; i++)
        {
            var user = $"shopper-{i}-{Guid.NewGuid():N}"[..40];
            using var created = await http.PostAsJsonAsync("/api/payments/accounts", new { userId = user });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var deposited = await http.PostAsJsonAsync($"/api/payments/accounts/{user}/deposits", new { amount = Deposit });
            Assert.Equal(HttpStatusCode.OK, deposited.StatusCode);
            Deposits[user] = Deposit;
        }
    }

    public OrderLoad StartShopping(int ordersPerSecond) => new(Orders.BaseAddress, [.. Deposits.Keys], ordersPerSecond);

    public async ValueTask DisposeAsync()
    {
        await Orders.DisposeAsync();
        await Payments.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CrashCollection : ICollectionFixture<CrashLab>
{
    public const string Name = "Crashes of the database, the broker and the hosts";
}
