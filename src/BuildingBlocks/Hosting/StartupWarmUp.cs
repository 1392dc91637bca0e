using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HsePayord.BuildingBlocks.Hosting;

/// <summary>
/// Work a host does once, after it started and before it reports ready, so that the first request does not pay
/// for it: opening connection pools, building models, compiling queries, loading handlers, JIT-compiling the hot
/// path. A warm-up reads, computes and rehearses (<c>WarmUpPaths.RehearseAsync</c> in Web): nothing of a module's
/// is committed or sent. The one message a warm-up sends is a ping a replica sends itself (<c>WarmUpPing</c> in
/// Messaging), which carries no business data.
/// </summary>
public interface IWarmUp
{
    /// <param name="services">A scope of its own.</param>
    Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken);
}

public static class WarmUpRegistration
{
    public static IServiceCollection AddWarmUp<TWarmUp>(this IServiceCollection services)
        where TWarmUp : class, IWarmUp
    {
        services.AddSingleton<IWarmUp, TWarmUp>();
        return services;
    }

    internal static IServiceCollection AddStartupWarmUp(this IServiceCollection services)
    {
        services.AddSingleton<WarmUpGate>();
        services.AddHostedService<StartupWarmUp>();
        services.AddHealthChecks().AddCheck<WarmUpHealthCheck>("warm-up", tags: [HealthTags.Ready]);
        return services;
    }
}

internal sealed class WarmUpGate
{
    private volatile bool open;

    public bool IsOpen => open;

    public void Open() => open = true;
}

/// <summary>Keeps <c>/health/ready</c> at 503 until the warm-up is over (the database and broker checks still apply).</summary>
internal sealed class WarmUpHealthCheck(WarmUpGate gate) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gate.IsOpen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("warming up"));
}

/// <summary>
/// Runs every <see cref="IWarmUp"/> once the host has started (Wolverine's agents and listeners are running and the
/// database is migrated), then opens the gate. A warm-up that fails (say the database is down) is tried again a few
/// times and then given up: it only saves time, and readiness still waits for the database and the broker.
/// </summary>
internal sealed partial class StartupWarmUp(
    IEnumerable<IWarmUp> warmUps,
    IServiceScopeFactory scopes,
    WarmUpGate gate,
    IHostApplicationLifetime lifetime,
    ILogger<StartupWarmUp> logger) : BackgroundService
{
    private const int Attempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HasStartedAsync(stoppingToken))
        {
            return;
        }

        var total = Stopwatch.StartNew();
        foreach (var warmUp in warmUps)
        {
            for (var attempt = 1; attempt <= Attempts && !stoppingToken.IsCancellationRequested; attempt++)
            {
                try
                {
                    var watch = Stopwatch.StartNew();
                    await using var scope = scopes.CreateAsyncScope();
                    await warmUp.WarmUpAsync(scope.ServiceProvider, stoppingToken);
                    LogWarmedUp(warmUp.GetType().Name, watch.ElapsedMilliseconds);
                    break;
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogWarmUpFailed(exception, warmUp.GetType().Name, attempt);
                    if (attempt < Attempts)
                    {
                        await Task.Delay(RetryDelay, stoppingToken);
                    }
                }
            }
        }

        gate.Open();
        LogDone(total.ElapsedMilliseconds);
    }

    private async Task<bool> HasStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warm-up {WarmUp} took {ElapsedMilliseconds} ms")]
    private partial void LogWarmedUp(string warmUp, long elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up {WarmUp} failed (attempt {Attempt})")]
    private partial void LogWarmUpFailed(Exception exception, string warmUp, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up in {ElapsedMilliseconds} ms; ready once the database and RabbitMQ answer")]
    private partial void LogDone(long elapsedMilliseconds);
}
