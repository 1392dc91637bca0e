using System.Net.Sockets;
using System.Reflection;
using FluentValidation;
using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Observability;
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
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;
using Wolverine.RabbitMQ.Internal;

namespace HsePayord.BuildingBlocks.Messaging;

public static class MessagingDefaults
{
    private const string RabbitMqConnectionName = "RabbitMq";

    private const string InboxStaleTimeKey = "Messaging:InboxStaleTime";

    private const string QuorumQueuesKey = "Messaging:QuorumQueues";

    private static readonly TimeSpan DefaultInboxStaleTime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Wolverine over RabbitMQ with its durable inbox and outbox stored in the module's own database
    /// (the data source registered by <c>AddModuleDatabase</c> under <paramref name="databaseConnectionName"/>).
    /// Queues and routes are the modules' business; this is only the shared mechanics.
    /// </summary>
    public static WebApplicationBuilder AddMessaging(
        this WebApplicationBuilder builder, string serviceName, Assembly hostAssembly, string databaseConnectionName)
    {
        var broker = BrokerConnection.Parse(builder.Configuration.GetConnectionString(RabbitMqConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{RabbitMqConnectionName}' is not configured."));
        var quorumQueues = builder.Configuration.GetValue<bool>(QuorumQueuesKey);

        var retention = RetentionOptions.From(builder.Configuration);
        builder.Services.AddWolverine(opts =>
        {
            // Two hosts in one process (the integration tests) must not share Wolverine's static application assembly.
            opts.ServiceName = serviceName;
            opts.ApplicationAssembly = hostAssembly;
            // Handler code is generated ahead of time into the host (Internal/Generated, `dotnet run -- codegen write`):
            // no Roslyn at start-up and no seconds-long first message. Only a Debug build carries Roslyn, so that
            // Development regenerates whatever is stale; a Release build (what is published) loads the generated code.
#if WOLVERINE_RUNTIME_COMPILATION
            opts.UseRuntimeCompilation();
#endif
            opts.CodeGeneration.TypeLoadMode = builder.Environment.IsDevelopment() ? TypeLoadMode.Auto : TypeLoadMode.Static;
            // Handlers at the bus's edge only hand the message to the module's mediator, whose generated
            // implementation is internal to the module.
            opts.CodeGeneration.AlwaysUseServiceLocationFor<IMediator>();

            opts.PersistMessagesWithPostgresqlUsingDataSourceFromContainer(
                provider => provider.GetRequiredKeyedService<NpgsqlDataSource>(databaseConnectionName), ModuleDatabase.EnvelopeSchema);

            var rabbitMq = opts.UseRabbitMq(broker.Uri)
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
            foreach (var (host, port) in broker.ClusterNodes)
            {
                rabbitMq.AddClusterNode(host, port);
            }

            if (quorumQueues)
            {
                UseQuorumQueuesWhereAllowed(opts);
            }

            // After a commit the outbox sends at once; polling only recovers, so it can be relaxed, but scheduled
            // retries wait for it.
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
            opts.Durability.ScheduledJobFirstExecution = TimeSpan.FromSeconds(1);
            // A host killed mid-batch leaves inbox and outbox rows owned by its node; they are recovered once a live
            // node (its own restart, or a replica) declares it stale. Wolverine's default of a minute left orders
            // pending that long; heartbeats run on their own timer, so a busy node is not mistaken for a dead one.
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
            opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(10);
            // Wolverine 6.62 keeps each member of a batch (ProcessInBatches) in the custody of the listener it arrived
            // on until something prunes the settled ones, and only the InboxStaleTime heartbeat does: without it every
            // message a host received stayed in its memory for the life of the process (10 200 envelopes after 10 000
            // orders, docs/performance-history.md). The heartbeat prunes every third of this time. The same setting
            // lets the durability agent release an inbox row still owned by a live node but held nowhere in memory
            // after it.
            opts.Durability.InboxStaleTime = builder.Configuration.GetValue<TimeSpan?>(InboxStaleTimeKey) ?? DefaultInboxStaleTime;
            // A handled inbox row makes a redelivery of its message a dropped duplicate; it is kept long enough for a
            // sender's outbox to resend after hours down (Wolverine's 5 minutes would not), then deleted in batches.
            opts.Durability.KeepAfterMessageHandling = retention.HandledMessages;
            opts.Durability.HandledMessageCleanupPollingTime = retention.PurgeInterval;
            // Wolverine's envelope-count gauges recount the whole inbox (handled rows included, kept for the retention
            // above) every 5 s: 200-360 ms of PostgreSQL CPU per host per poll at 165 000 rows, growing with the table.
            // Nothing here reads those gauges; the Operations page asks for the counts when it is looked at.
            opts.Durability.DurabilityMetricsEnabled = false;

            // A message no handler here knows is kept as a dead letter like any other failure, never dropped.
            opts.UnknownMessageBehavior = UnknownMessageBehavior.DeadLetterQueue;

            RoundTripWarmUpPings(opts, serviceName);
            ApplyRetryPolicies(opts);
            opts.Services.AddResourceSetupOnStartup();
        });

        // Batched handlers record their members' critical time here (Wolverine's meter times the batch only).
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton<WarmUpPings>();
        builder.Services.AddWarmUp<MessagingWarmUp>();
        builder.Services.AddOptions<BrokerConnectionWatchdog.Options>().BindConfiguration("Messaging:BrokerRecovery");
        builder.Services.AddHostedService<BrokerConnectionWatchdog>();
        builder.Services.AddHealthChecks().AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>
    /// <c>Messaging:QuorumQueues</c>, for a broker that is a cluster: every durable queue becomes a quorum queue,
    /// replicated to a majority of the nodes, so a message the broker confirmed survives the loss of the node that
    /// held it. Off by default: on a single node a quorum queue replicates to nobody and costs more per message than
    /// a classic one. Wolverine's own <c>UseQuorumQueues()</c> would also convert the per-replica queues, which the
    /// broker refuses (a quorum queue is never auto-delete, exclusive or transient); those stay classic and die with
    /// their replica anyway. Every host declaring a queue must agree on its type (RabbitMQ refuses a redeclaration that
    /// changes it), so the setting is one for the whole deployment.
    /// </summary>
    private static void UseQuorumQueuesWhereAllowed(WolverineOptions opts)
    {
        opts.Policies.Add(new LambdaEndpointPolicy<RabbitMqQueue>((queue, _) =>
        {
            if (queue.Role == EndpointRole.Application && queue.IsDurable && !queue.AutoDelete && !queue.IsExclusive)
            {
                queue.QueueType = QueueType.quorum;
                // A durable listener settles a delivery once it is in the inbox, so the broker only counts deliveries
                // handed back by restarts and reconnects; RabbitMQ 4 drops a quorum queue's message (no dead-letter
                // exchange here) on its 21st return by default. Set on every declaration, the sender's included:
                // Wolverine's DeliveryLimitForDurableQuorumQueues() sets it for listeners only, and the broker refuses a
                // sender's declaration without it.
                queue.DeliveryLimit = QuorumDeliveryLimit;
            }
        }));
    }

    // Far above what restarts hand back, and a positive number: RabbitMQ 3.x refuses -1 (RabbitMQ 4's "no limit").
    private const int QuorumDeliveryLimit = 1_000;

    private static string DeadLetterQueueName(string serviceName) => $"{serviceName}.dead-letters";

    /// <summary>
    /// A queue for this process alone, named after the machine and a fresh id: each replica gets its own, and
    /// the broker deletes it when the replica's consumer goes (auto-delete), however the replica ended.
    /// </summary>
    public static string ReplicaQueueName(string prefix) =>
        $"{prefix}.{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Each replica's warm-up queue is this, a dot and the replica (<see cref="ReplicaQueueName"/>).</summary>
    public static string WarmUpQueuePrefix(string serviceName) => $"{serviceName}.warm-up";

    /// <summary>
    /// The warm-up's ping (<see cref="WarmUpPing"/>) goes the way every message between the modules goes (durable
    /// outbox, a persistent message on a durable queue, durable inbox, a batch handler), to a queue only this
    /// replica listens to, so it comes back to the replica that sent it.
    /// </summary>
    private static void RoundTripWarmUpPings(WolverineOptions opts, string serviceName)
    {
        var queue = ReplicaQueueName(WarmUpQueuePrefix(serviceName));
        opts.Discovery.IncludeType(typeof(WarmUpPingHandler));
        opts.PublishMessage<WarmUpPing>().ToRabbitQueue(queue).UseDurableOutbox();
        opts.ListenToRabbitQueue(queue, q => q.AutoDelete = true).UseDurableInbox();
        opts.ProcessInBatches<WarmUpPing>();
    }

    /// <summary>
    /// Hands a message type's handler whatever has arrived, as an array, in one unit of work: one transaction and
    /// one outbox flush for many messages instead of one each. Members stay unsettled in the durable inbox until
    /// their batch commits; a batch that keeps failing is split up so only the culprit is dead-lettered.
    /// </summary>
    public static void ProcessInBatches<TMessage>(this WolverineOptions opts)
    {
        // No ProbeIndividuallyAfter here: it installs a rule on the batch handler that matches every exception ahead of
        // the policies below, so a batch failing only because the database was down was split into single messages
        // and each was dead-lettered at its first failure (a charged order stranded as PaymentPending). Splitting
        // a batch is part of the recoverability policy instead, after the retries that suit the failure.
        opts.BatchMessagesOf<TMessage>(batching =>
        {
            batching.BatchSize = BatchSize;
            batching.TriggerTime = BatchTriggerTime;
        });
    }

    private const int BatchSize = 100;

    // How long a batch waits for company. Under load the inbox hands messages over in bursts and batches fill
    // anyway; on an idle system this is pure latency, twice per order (see docs/performance-history.md for the
    // trade-off).
    private static readonly TimeSpan BatchTriggerTime = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Recoverability (the table in docs/architecture.md). The first rule that matches a failure decides; every rule
    /// ends by isolating batch members, so a batch is split into single messages and only the one that keeps failing
    /// is dead-lettered, into the module's database, never dropped:
    /// <list type="bullet">
    /// <item>transient infrastructure faults (the database or broker down, restarting or recovering from a crash, a
    /// dropped connection, a concurrency conflict that kept losing) are retried in place, waiting
    /// <see cref="TransientRetryDelays"/> between attempts. In place, because a
    /// scheduled retry is stored in the very database that is down, and because the message is retried within
    /// seconds of the database coming back rather than at the next long back-off step;</item>
    /// <item>a message that can never succeed (it fails validation, or a permanent fault was injected) goes to the
    /// dead letters at once;</item>
    /// <item>anything else is retried twice, then dead-lettered.</item>
    /// </list>
    /// </summary>
    private static void ApplyRetryPolicies(WolverineOptions opts)
    {
        opts.OnException(IsTransientInfrastructureFailure)
            .RetryWithCooldown(TransientRetryDelays)
            .Then.IsolateBatchMembers();

        opts.OnException(IsPermanentFailure)
            .IsolateBatchMembers();

        opts.Policies.OnAnyException()
            .RetryWithCooldown(OtherFailureRetryDelays)
            .Then.IsolateBatchMembers();
    }

    private static readonly TimeSpan TransientRetryCap = TimeSpan.FromSeconds(5);

    // Wolverine allows 25 attempts at most: the first, then one per delay.
    private const int MaximumAttempts = 25;

    /// <summary>
    /// The waits between attempts on a transient fault: quick at first (a dropped connection comes back at once), then
    /// every <see cref="TransientRetryCap"/>, so a message goes through within seconds of the database coming back.
    /// With the handler's own retries inside each attempt (<c>RetryBehavior</c>, about 6 s), a message waits out a
    /// transient fault for about four minutes before it is dead-lettered.
    /// </summary>
    internal static readonly TimeSpan[] TransientRetryDelays =
    [
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2),
        .. Enumerable.Repeat(TransientRetryCap, MaximumAttempts - 1 - 4),
    ];

    internal static readonly TimeSpan[] OtherFailureRetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)];

    private static bool IsPermanentFailure(Exception exception) =>
        exception is ValidationException or PermanentMessageFailureException;

    internal static bool IsTransientInfrastructureFailure(Exception exception) =>
        DatabaseFailures.IsTransient(exception)
        || exception is ConflictException
        || exception is TimeoutException or SocketException or BrokerUnreachableException or AlreadyClosedException
        || (exception.InnerException is { } inner && IsTransientInfrastructureFailure(inner));
}
