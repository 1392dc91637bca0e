using System.Globalization;

namespace HsePayord.Benchmark;

internal sealed record BenchOptions(
    int Orders,
    int Concurrency,
    int Rate,
    int Users,
    int IdleSamples,
    int Warmup,
    int DurationSeconds,
    int IntervalSeconds,
    bool Cold,
    Uri OrdersUrl,
    Uri PaymentsUrl,
    string OrdersDb,
    string PaymentsDb,
    int? OrdersPid,
    int? PaymentsPid,
    double? OrdersReadyMs,
    double? PaymentsReadyMs,
    double? PgbenchTps,
    string? PgbenchSetup)
{
    private const string LocalDatabase = "Host=localhost;Port=5432;Username=payord;Password=payord;SSL Mode=Disable;Database=";

    public static BenchOptions Parse(string[] args)
    {
        string? Optional(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        string Value(string name, string fallback) => Optional(name) ?? fallback;
        int Number(string name, string fallback) => int.Parse(Value(name, fallback), CultureInfo.InvariantCulture);
        int? OptionalNumber(string name) => Optional(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
        double? OptionalDecimal(string name) => Optional(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;

        var rate = Number("--rate", "0");
        var duration = Number("--duration", "0");
        if (duration > 0 && rate <= 0)
        {
            throw new ArgumentException("--duration needs --rate: a sustained run offers R orders per second for that long.");
        }

        return new BenchOptions(
            // A sustained run places exactly rate × duration orders; otherwise --orders counts them.
            duration > 0 ? rate * duration : Number("--orders", "3000"),
            Number("--concurrency", "64"),
            rate,
            Number("--users", "50"),
            Number("--idle", "50"),
            Number("--warmup", "500"),
            duration,
            Number("--interval", "60"),
            args.Contains("--cold"),
            new Uri(Value("--orders-url", "http://localhost:5101")),
            new Uri(Value("--payments-url", "http://localhost:5102")),
            Value("--orders-db", LocalDatabase + "payord_orders"),
            Value("--payments-db", LocalDatabase + "payord_payments"),
            OptionalNumber("--orders-pid"),
            OptionalNumber("--payments-pid"),
            OptionalDecimal("--orders-ready-ms"),
            OptionalDecimal("--payments-ready-ms"),
            OptionalDecimal("--pgbench-tps"),
            Optional("--pgbench-setup"));
    }
}
