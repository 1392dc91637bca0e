using System.Collections.Concurrent;
using HsePayord.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using OpenTelemetry.Trace;
using System.Diagnostics;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Both hosts, in this process but on real Kestrel (free ports), against the real PostgreSQL and RabbitMQ that
/// scripts/test.sh starts. Test databases and a RabbitMQ vhost of their own keep a running local system
/// (scripts/run-local.sh) out of the way. The databases are dropped first, so every run also proves that
/// the hosts create their database and schema on start-up.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private static readonly string PostgresHost = Environment.GetEnvironmentVariable("PAYORD_TEST_PGHOST") ?? "localhost";
    // PAYORD_TEST_INSTANCE keeps two test runs on one machine apart (own databases, vhost and ports).
    private static readonly string InstanceSuffix =
        Environment.GetEnvironmentVariable("PAYORD_TEST_INSTANCE") is { Length: > 0 } instance ? "_" + instance : "";

    public static readonly string RabbitMqUri =
        Environment.GetEnvironmentVariable("PAYORD_TEST_RABBITMQ") ?? $"amqp://guest:guest@localhost:5672/payord_test{InstanceSuffix}";

    /// <summary>The RabbitMQ virtual host the hosts under test use (and only they).</summary>
    public static readonly string RabbitMqVhost =
        Uri.UnescapeDataString(new Uri(RabbitMqUri).AbsolutePath.TrimStart('/')) is { Length: > 0 } vhost ? vhost : "/";

    public static readonly string OrdersDatabase = $"payord_orders_test{InstanceSuffix}";
    public static readonly string PaymentsDatabase = $"payord_payments_test{InstanceSuffix}";

    public const string OperatorUser = "ops-operator";
    public const string OperatorPassword = "operator-test-secret";
    public const string ViewerUser = "ops-viewer";
    public const string ViewerPassword = "viewer-test-secret";

    /// <summary>How long archived dead letters are kept in the test hosts: short, so the tests can see them expire.</summary>
    public static readonly TimeSpan ArchivedRetention = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long handled inbox rows and idempotency keys are kept in the test hosts: not the default, so a test sees the
    /// setting applied, and long enough that no other test's rows expire under it (tests age rows to see them go).
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(30);

    /// <summary>How often the test hosts delete expired rows: often, so a test sees an aged row go within seconds.</summary>
    public static readonly TimeSpan RetentionPurgeInterval = TimeSpan.FromSeconds(2);

    private static readonly (string Name, string Value)[] HostSettings =
    [
        ($"Operations__Users__{OperatorUser}__Password", OperatorPassword),
        ($"Operations__Users__{OperatorUser}__Role", "operator"),
        ($"Operations__Users__{ViewerUser}__Password", ViewerPassword),
        ($"Operations__Users__{ViewerUser}__Role", "viewer"),
        ("Operations__FaultInjection", "true"),
        ("Operations__ArchivedRetention", ArchivedRetention.ToString()),
        // The operations tests place hundreds of orders at once whose payment requests are made to fail, so they stay
        // pending; admission control would rightly refuse most of them. The replica keeps a small limit (below).
        ("Orders__Admission__MinPendingOrders", "100000"),
        ("Retention__HandledMessages", Retention.ToString()),
        ("Retention__IdempotencyKeys", Retention.ToString()),
        ("Retention__PurgeInterval", RetentionPurgeInterval.ToString()),
    ];

    /// <summary>How many unsettled orders the replica admits once nothing settles: small, so a test can reach it.</summary>
    public const int ReplicaAdmissionMinimum = 5;

    private HostFactory<Hosts.Orders.Program>? _orders;
    private HostFactory<Hosts.Orders.Program>? _ordersReplica;
    private HostFactory<Hosts.Payments.Program>? _payments;
    private readonly ConcurrentQueue<string> _hostStops = new();
    private volatile bool _disposing;

    public HttpClient Orders { get; } = new();

    public HttpClient Payments { get; } = new();

    /// <summary>A second Orders host on the same database and broker, as `docker compose up --scale orders=2` runs it.</summary>
    public HttpClient OrdersReplica { get; } = new();

    public IServiceProvider OrdersServices => _orders!.Services;

    public IServiceProvider OrdersReplicaServices => _ordersReplica!.Services;

    /// <summary>
    /// The spans the Orders host's OpenTelemetry SDK exported. All hosts run in this process, so every host's SDK
    /// sees every host's activities; the spans tell the hosts apart by what they did (which queue, which route).
    /// </summary>
    public IReadOnlyList<Activity> OrdersSpans
    {
        get
        {
            lock (_orders!.Spans)
            {
                return _orders.Spans.ToList();
            }
        }
    }

    public static string RabbitMq => RabbitMqUri;

    /// <summary>
    /// Empty while every host of this fixture runs; otherwise which stopped before the fixture was disposed, when, with
    /// what exit code and after which critical log entry, for the failure messages of tests that wait for orders to
    /// settle. Nothing here restarts a host (compose and run-local.sh do): a stopped host fails every later test in the
    /// collection, and this says why.
    /// </summary>
    public string HostStopsNote => _hostStops.IsEmpty ? "" : "; meanwhile " + string.Join("; ", _hostStops);

    public IServiceProvider PaymentsServices => _payments!.Services;

    public static string ConnectionString(string database) =>
        $"Host={PostgresHost};Database={database};Username=payord;Password=payord;Maximum Pool Size=40;SSL Mode=Disable";

    /// <summary>
    /// A connection of the tests' own, never pooled: the fault tests terminate backends of the test databases, and a
    /// pooled connection would carry that fault into whichever test opened it next.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenTestConnectionAsync(string database)
    {
        var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public async Task InitializeAsync()
    {
        await DropDatabaseAsync(OrdersDatabase);
        await DropDatabaseAsync(PaymentsDatabase);

        Environment.SetEnvironmentVariable("ConnectionStrings__Orders", ConnectionString(OrdersDatabase));
        Environment.SetEnvironmentVariable("ConnectionStrings__Payments", ConnectionString(PaymentsDatabase));
        Environment.SetEnvironmentVariable("ConnectionStrings__RabbitMq", RabbitMqUri);
        foreach (var (name, value) in HostSettings)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        // The OpenTelemetry SDK runs (no OTLP endpoint here): each host exports its spans to memory.
        Environment.SetEnvironmentVariable("Telemetry__Enabled", "true");

        _payments = new HostFactory<Hosts.Payments.Program>("src/Hosts/Payments");
        Payments.BaseAddress = _payments.StartOnFreePort();
        RecordStops(_payments, "Payments");
        _orders = new HostFactory<Hosts.Orders.Program>("src/Hosts/Orders");
        Orders.BaseAddress = _orders.StartOnFreePort();
        RecordStops(_orders, "Orders");
        _ordersReplica = new HostFactory<Hosts.Orders.Program>("src/Hosts/Orders",
            new() { ["Orders:Admission:MinPendingOrders"] = ReplicaAdmissionMinimum.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        OrdersReplica.BaseAddress = _ordersReplica.StartOnFreePort();
        RecordStops(_ordersReplica, "Orders replica");
        await WaitUntilReadyAsync(Payments);
        await WaitUntilReadyAsync(Orders);
        await WaitUntilReadyAsync(OrdersReplica);
    }

    public async Task DisposeAsync()
    {
        _disposing = true;
        Orders.Dispose();
        OrdersReplica.Dispose();
        Payments.Dispose();
        foreach (var orders in new[] { _ordersReplica, _orders })
        {
            if (orders is not null)
            {
                await orders.DisposeAsync();
            }
        }

        if (_payments is not null)
        {
            await _payments.DisposeAsync();
        }
    }

    /// <summary>
    /// Another Payments host on this fixture's database and vhost, with settings of its own, for a test that stops or
    /// breaks it; the caller disposes it.
    /// </summary>
    public static async Task<(WebApplicationFactory<Hosts.Payments.Program> Host, HttpClient Client)> StartPaymentsReplicaAsync(
        Dictionary<string, string?> settings)
    {
        var host = new HostFactory<Hosts.Payments.Program>("src/Hosts/Payments", settings);
        var client = new HttpClient { BaseAddress = host.StartOnFreePort() };
        await WaitUntilReadyAsync(client);
        return (host, client);
    }

    private void RecordStops<TProgram>(HostFactory<TProgram> host, string name)
        where TProgram : class
    {
        var exit = host.Services.GetRequiredService<HostExit>();
        var criticalLogs = host.Services.GetRequiredService<FakeLogCollector>();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() =>
        {
            if (!_disposing)
            {
                _hostStops.Enqueue($"the {name} host stopped at {DateTime.UtcNow:HH:mm:ss.fff}Z, exit code {exit.ExitCode}" +
                    (criticalLogs.Count > 0 ? $", after: {criticalLogs.LatestRecord.Message}" : ", with no critical log entry"));
            }
        });
    }

    private static async Task DropDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task WaitUntilReadyAsync(HttpClient host) =>
        Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await host.GetAsync("/health/ready");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            $"{host.BaseAddress}health/ready to answer 200",
            TimeSpan.FromSeconds(60));

    private sealed class HostFactory<TProgram>(string contentRoot, Dictionary<string, string?>? settings = null)
        : WebApplicationFactory<TProgram>
        where TProgram : class
    {
        public Uri StartOnFreePort()
        {
            UseKestrel(port: 0);
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            return new Uri(addresses.Addresses.First());
        }

        public List<Activity> Spans { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSolutionRelativeContentRoot(contentRoot);
            builder.UseEnvironment("Testing");
            // This host's own settings, over the environment variables every host in this process shares.
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings ?? []));
            builder.ConfigureServices(services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new LockedList(Spans))));
            // What a host logs when it stops itself (see HostExit's callers), for RecordStops.
            builder.ConfigureLogging(logging => logging.AddFakeLogging(options => options.FilteredLevels.Add(LogLevel.Critical)));
        }
    }
}

/// <summary>The in-memory exporter adds from whichever thread ends a span; the tests read while it does.</summary>
internal sealed class LockedList(List<Activity> inner) : ICollection<Activity>
{
    public int Count { get { lock (inner) { return inner.Count; } } }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (inner)
        {
            // Bounded: the suite sends thousands of messages.
            if (inner.Count > 200_000)
            {
                inner.RemoveRange(0, 100_000);
            }

            inner.Add(item);
        }
    }

    public void Clear() { lock (inner) { inner.Clear(); } }

    public bool Contains(Activity item) { lock (inner) { return inner.Contains(item); } }

    public void CopyTo(Activity[] array, int arrayIndex) { lock (inner) { inner.CopyTo(array, arrayIndex); } }

    public bool Remove(Activity item) { lock (inner) { return inner.Remove(item); } }

    public IEnumerator<Activity> GetEnumerator() { lock (inner) { return inner.ToList().GetEnumerator(); } }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "Orders and Payments hosts";
}
