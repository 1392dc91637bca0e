using System.Threading.RateLimiting;
using HsePayord.BuildingBlocks.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.Modules.Orders.Admission;

/// <summary>
/// Admission control for new orders, as an ASP.NET Core <see cref="RateLimiter"/>: an order is admitted while this
/// replica's orders settle within <see cref="AdmissionOptions.TargetSettleTime"/> (<see cref="PendingOrders.HasRoom"/>).
/// Beyond that the settle path cannot keep up, and an order taken on would only wait longer in a queue; it is refused
/// with 429 and <c>Retry-After</c> before anything is written, so no accepted order is ever dropped.
/// </summary>
internal sealed class OrderAdmission(PendingOrders pending) : RateLimiter
{
    public const string Policy = "order-admission";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics GetStatistics() => new()
    {
        CurrentAvailablePermits = pending.HasRoom ? 1 : 0,
    };

    /// <summary>For callers outside the HTTP pipeline (the hub): throws <see cref="OverloadedException"/> when full.</summary>
    public void Admit()
    {
        using var lease = AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw Overloaded();
        }
    }

    internal static OverloadedException Overloaded() => new(
        "More orders are waiting to settle than the system settles in time. Retry shortly; "
        + "with the same idempotency key a retry cannot place the order twice.",
        RetryAfter);

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => pending.HasRoom ? Admitted : Refused;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private static readonly RateLimitLease Admitted = new Lease(acquired: true);
    private static readonly RateLimitLease Refused = new Lease(acquired: false);

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

/// <summary>Puts <see cref="OrderAdmission"/> in front of the endpoints that place orders.</summary>
internal sealed class OrderAdmissionPolicy(OrderAdmission admission) : IRateLimiterPolicy<string>
{
    // One partition: the limit is the replica's, whoever asks.
    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.Get(OrderAdmission.Policy, _ => admission);

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
