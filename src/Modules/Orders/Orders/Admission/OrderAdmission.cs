using System.Threading.RateLimiting;
using HsePayord.BuildingBlocks.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HsePayord.Modules.Orders.Admission;

/// <summary>
/// Admission control for new orders, built from ASP.NET Core rate limiters, chained: first
/// <see cref="SettleTimeLimiter"/> (the settle path keeps up), then a <see cref="ConcurrencyLimiter"/> (at most
/// <see cref="AdmissionOptions.MaxPlacingAtOnce"/> orders being written, <see cref="AdmissionOptions.MaxWaitingToPlace"/>
/// waiting their turn). An order either limiter refuses would only wait longer in a queue, or for a database
/// connection; it is refused with 429 and <c>Retry-After</c> before anything is written, so no accepted order is ever
/// dropped. The lease is held while the order is placed.
/// </summary>
internal sealed class OrderAdmission : IDisposable
{
    public const string Policy = "order-admission";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly SettleTimeLimiter _settling;
    private readonly ConcurrencyLimiter _placing;
    private readonly RateLimiter _forHub;

    public OrderAdmission(PendingOrders pending, IOptions<AdmissionOptions> options)
    {
        _settling = new SettleTimeLimiter(pending);
        _placing = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.MaxPlacingAtOnce,
            QueueLimit = options.Value.MaxWaitingToPlace,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _forHub = CreateLimiter();
    }

    /// <summary>
    /// Both limiters in order; a lease it grants is a permit to place one order. The rate-limiting middleware disposes
    /// a partition's limiter once it has been idle for a while and asks for a new one: a chain is cheap and disposing
    /// it leaves the two limiters, and the orders they count, to this admission.
    /// </summary>
    public RateLimiter CreateLimiter() => RateLimiter.CreateChained(_settling, _placing);

    /// <summary>
    /// For callers outside the HTTP pipeline (the hub): waits for a permit, or throws <see cref="OverloadedException"/>
    /// when refused. Dispose the lease once the order is placed.
    /// </summary>
    public async ValueTask<RateLimitLease> AdmitAsync(CancellationToken cancellationToken)
    {
        var lease = await _forHub.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw Overloaded();
        }

        return lease;
    }

    internal static OverloadedException Overloaded() => new(
        "More orders are in hand than this replica places and settles in time. Retry shortly; "
        + "with the same idempotency key a retry cannot place the order twice.",
        RetryAfter);

    public void Dispose()
    {
        _forHub.Dispose();
        _placing.Dispose();
        _settling.Dispose();
    }

    /// <summary>
    /// Admits an order while this replica's orders settle within <see cref="AdmissionOptions.TargetSettleTime"/>
    /// (<see cref="PendingOrders.HasRoom"/>). Beyond that the settle path cannot keep up.
    /// </summary>
    internal sealed class SettleTimeLimiter(PendingOrders pending) : RateLimiter
    {
        private static readonly RateLimitLease Admitted = new Lease(acquired: true);
        private static readonly RateLimitLease Refused = new Lease(acquired: false);

        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics GetStatistics() => new()
        {
            CurrentAvailablePermits = pending.HasRoom ? 1 : 0,
        };

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => pending.HasRoom ? Admitted : Refused;

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(permitCount));

        private sealed class Lease(bool acquired) : RateLimitLease
        {
            public override bool IsAcquired => acquired;

            public override IEnumerable<string> MetadataNames => acquired ? [] : [MetadataName.RetryAfter.Name];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = !acquired && metadataName == MetadataName.RetryAfter.Name ? RetryAfter : null;
                return metadata is not null;
            }
        }
    }
}

/// <summary>Puts <see cref="OrderAdmission"/> in front of the endpoints that place orders.</summary>
internal sealed class OrderAdmissionPolicy(OrderAdmission admission) : IRateLimiterPolicy<string>
{
    // One partition: the limit is the replica's, whoever asks.
    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.Get(OrderAdmission.Policy, _ => admission.CreateLimiter());

    // Thrown, so the exception handler answers it like every other problem (429, problem+json, Retry-After).
    public Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected => (_, _) => throw OrderAdmission.Overloaded();
}

internal static class OrderAdmissionRegistration
{
    public static IServiceCollection AddOrderAdmission(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddOptions<AdmissionOptions>()
            .Bind(configuration.GetSection(AdmissionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<PendingOrders>();
        services.AddSingleton<OrderAdmission>();
        services.AddRateLimiter(options => options.AddPolicy<string, OrderAdmissionPolicy>(OrderAdmission.Policy));
        return services;
    }

    public static TBuilder RequireOrderAdmission<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(OrderAdmission.Policy);
}
