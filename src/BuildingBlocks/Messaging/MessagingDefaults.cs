using System.Net.Sockets;
using System.Reflection;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Web;
using JasperFx.CodeGeneration;
using JasperFx.Resources;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabbitMQ.Client.Exceptions;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;

namespace HsePayord.BuildingBlocks.Messaging;

public static class MessagingDefaults
{
    private const string RabbitMqConnectionName = "RabbitMq";
    internal const string EnvelopeSchema = "wolverine";

    /// <summary>
    /// Wolverine over RabbitMQ with its durable inbox and outbox stored in the module's own database
    /// (the data source registered by <c>AddModuleDatabase</c> under <paramref name="databaseConnectionName"/>).
    /// Queues and routes are the modules' business; this is only the shared mechanics.
    /// </summary>
    public static WebApplicationBuilder AddMessaging(
        this WebApplicationBuilder builder, string serviceName, Assembly hostAssembly, string databaseConnectionName)
    {
        var rabbitMqUri = builder.Configuration.GetConnectionString(RabbitMqConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{RabbitMqConnectionName}' is not configured.");

        builder.Services.AddWolverine(opts =>
        {
            // Two hosts in one process (the integration tests) must not share Wolverine's static application assembly.
            opts.ServiceName = serviceName;
            opts.ApplicationAssembly = hostAssembly;
            // Handler code is generated ahead of time into the host (Internal/Generated, `dotnet run -- codegen write`):
            // no Roslyn at start-up and no seconds-long first message. Development regenerates whatever is stale.
            opts.UseRuntimeCompilation();
            opts.CodeGeneration.TypeLoadMode = builder.Environment.IsDevelopment() ? TypeLoadMode.Auto : TypeLoadMode.Static;
            // Handlers at the bus's edge only hand the message to the module's mediator, whose generated
            // implementation is internal to the module.
            opts.CodeGeneration.AlwaysUseServiceLocationFor<IMediator>();

            opts.PersistMessagesWithPostgresqlUsingDataSourceFromContainer(
                provider => provider.GetRequiredKeyedService<NpgsqlDataSource>(databaseConnectionName), EnvelopeSchema);

            opts.UseRabbitMq(new Uri(rabbitMqUri))
                .AutoProvision()
                // Nothing here uses request/reply: no per-node wolverine.response.* queues in the RabbitMQ UI.
                .DisableSystemRequestReplyQueueDeclaration()
                // The outbox forgets an envelope once it is sent: "sent" must mean the broker has it (confirmed),
                // not that it left this process.
                .ConfigureChannelCreation(channel =>
                {
                    channel.PublisherConfirmationsEnabled = true;
                    channel.PublisherConfirmationTrackingEnabled = true;
                })
                // Dead letters go to the module's database, where operators can list and replay them.
                .CustomizeDeadLetterQueueing(new DeadLetterQueue(DeadLetterQueueName(serviceName), DeadLetterQueueMode.WolverineStorage));

            // After a commit the outbox sends at once; polling only recovers, so it can be relaxed, but scheduled
            // retries wait for it.
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
            opts.Durability.ScheduledJobFirstExecution = TimeSpan.FromSeconds(1);

            // A message no handler here knows is kept as a dead letter like any other failure, never dropped.
            opts.UnknownMessageBehavior = UnknownMessageBehavior.DeadLetterQueue;

            ApplyRetryPolicies(opts);
            opts.Services.AddResourceSetupOnStartup();
        });

        builder.Services.AddHealthChecks().AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [HealthTags.Ready]);
        return builder;
    }

    private static string DeadLetterQueueName(string serviceName) => $"{serviceName}.dead-letters";

    /// <summary>
    /// Hands a message type's handler whatever has arrived, as an array, in one unit of work: one transaction and
    /// one outbox flush for many messages instead of one each. Members stay unsettled in the durable inbox until
    /// their batch commits; a batch that keeps failing is split up so only the culprit is dead-lettered.
    /// </summary>
    public static void ProcessInBatches<TMessage>(this WolverineOptions opts)
    {
        opts.BatchMessagesOf<TMessage>(batching =>
        {
            batching.BatchSize = BatchSize;
            batching.TriggerTime = BatchTriggerTime;
            batching.ProbeIndividuallyAfter(2);
        });
    }

    private const int BatchSize = 100;

    // How long a batch waits for company. Under load the inbox hands messages over in bursts and batches fill
    // anyway; on an idle system this is pure latency, twice per order (see docs/benchmark.md for the trade-off).
    private static readonly TimeSpan BatchTriggerTime = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Transient infrastructure faults (a database or broker restart, a dropped connection) are retried with a
    /// back-off that outlasts a restart; anything still failing is dead-lettered into the database, never dropped.
    /// </summary>
    private static void ApplyRetryPolicies(WolverineOptions opts)
    {
        opts.OnException(IsTransientInfrastructureFailure)
            .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1))
            .Then.ScheduleRetry(
                TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
                TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60))
            .Then.MoveToErrorQueue();

        opts.Policies.OnAnyException()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1))
            .Then.MoveToErrorQueue();
    }

    private static bool IsTransientInfrastructureFailure(Exception exception) =>
        DatabaseFailures.IsTransient(exception)
        || exception is TimeoutException or SocketException or BrokerUnreachableException or AlreadyClosedException
        || (exception.InnerException is { } inner && IsTransientInfrastructureFailure(inner));
}
