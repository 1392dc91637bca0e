using HsePayord.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HsePayord.BuildingBlocks.Observability;

/// <summary>
/// Traces, metrics and logs through the OpenTelemetry .NET SDK: ASP.NET Core, SignalR, Npgsql and Wolverine's own
/// activity source and meter, so one trace runs from the HTTP request (or hub call) through the outbox, RabbitMQ and
/// the other host's handler, and back. Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise
/// the SDK is not even registered (zero cost) unless <c>Telemetry:Enabled</c> asks for it (the tests' in-memory
/// exporter does).
/// </summary>
public static class Telemetry
{
    /// <summary>Wolverine's ActivitySource.</summary>
    public const string WolverineSource = "Wolverine";

    /// <summary>SignalR's server ActivitySource (hub method invocations, .NET 9+).</summary>
    public const string SignalRSource = "Microsoft.AspNetCore.SignalR.Server";

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || configuration.GetValue<bool>("Telemetry:Enabled");

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        // The trace id goes into every log line's scope whether or not the SDK runs: a line in the console can be
        // found in the dashboard, and the order id is in scope already (LoggingBehavior).
        var identity = new HostIdentity(serviceName, $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}");
        builder.Services.AddSingleton(identity);
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        if (!IsEnabled(builder.Configuration))
        {
            return builder;
        }

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeScopes = true;
            logging.IncludeFormattedMessage = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? serviceName,
                serviceInstanceId: identity.Instance))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddSource(SignalRSource)
                .AddSource(WolverineSource)
                .AddSource(BatchTracing.SourceName)
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Wolverine*")
                .AddMeter(MessagingMetrics.MeterName)
                .AddMeter("Npgsql")
                .AddMeter("Microsoft.AspNetCore.SignalR*"));
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
