using HsePayord.BuildingBlocks.Web.OpenApi;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HsePayord.BuildingBlocks.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Persistence.Durability.ScheduledMessageManagement;
using Wolverine.Runtime;
using Wolverine.Runtime.Serialization;

namespace HsePayord.BuildingBlocks.Operations;

public sealed record Overview(
    string Service,
    string? RabbitMqVirtualHost,
    int DeadLetters,
    int Archived,
    int PendingRetries,
    int Incoming,
    int Outgoing,
    int Handled,
    bool FaultInjection,
    TimeSpan ArchivedRetention);

public sealed record SignedInOperator(string Name, string Role, bool CanAct);

public sealed record ActionResult(string Action, string Selection, int Affected);

public sealed record RetryRequest(
    Guid[]? MessageIds = null, DeadLetterFilter? Filter = null, bool? All = null, int BatchSize = 100, int PauseMs = 0)
{
    public DeadLetterSelection Selection => new(MessageIds, Filter, All);
}

public sealed record EditAndRetryRequest(JsonElement Body);

public sealed record RetryRunDetails(RetryRunRecord Run, Page<RetryRunMessage> Messages);

public sealed record PendingRetry(Guid Id, string MessageType, string? Destination, string? Queue, DateTimeOffset? NextAttemptAt, int Attempts, DateTimeOffset SentAt);

[JsonConverter(typeof(JsonStringEnumConverter<Grouping>))]
public enum Grouping
{
    FailureGroup = 1,
    MessageType = 2,
    Endpoint = 3,
    ExceptionType = 4,
}

/// <summary>
/// The operations API over Wolverine's message store (dead letters, scheduled retries, counts): one set of routes per
/// host, under the host's own public prefix. Reading needs an operator or viewer, acting needs an operator.
/// </summary>
internal static class OperationsApi
{
    private const int MaxPageSize = 500;

    // Examples a Postman user can send as they are: naming one message that does not exist, they change nothing.
    private static readonly Guid ExampleMessageId = Guid.Parse("0198f3c2-7c1e-7d3a-9b4e-2f6a1c8d5e01");

    public static RouteGroupBuilder MapOperationsApi(this RouteGroupBuilder ops)
    {
        var read = ops.MapGroup("").RequireAuthorization(OperationsPolicies.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        var act = ops.MapGroup("").RequireAuthorization(OperationsPolicies.Act)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        read.MapGet("/me", Me).WithName("OpsMe").WithSummary("Who is signed in, and whether they may act");
        read.MapGet("/overview", GetOverview).WithName("OpsOverview").WithSummary("Counts: dead letters, archived, pending retries, envelopes in flight");
        read.MapGet("/dead-letters", ListDeadLetters).WithName("OpsListDeadLetters").WithSummary("Failed messages, filtered and paged by the server");
        read.MapGet("/dead-letters/groups", ListGroups).WithName("OpsListDeadLetterGroups").WithSummary("Failed messages grouped by failure group, message type, endpoint or exception type");
        read.MapGet("/dead-letters/{id:guid}", GetDeadLetter).WithName("OpsGetDeadLetter").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One failed message: headers, body, exception, edits");
        act.MapPost("/dead-letters/{id:guid}/edit-and-retry", EditAndRetry).WithName("OpsEditAndRetry").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Replace the body (validated against the message type) and retry; the original is kept")
            .WithRequestExample(new EditAndRetryRequest(JsonSerializer.SerializeToElement(
                new { orderId = ExampleMessageId, userId = ContractOpenApi.UserIdExample, amount = 25m })));
        act.MapPost("/dead-letters/archive", Archive).WithName("OpsArchive").WithSummary("Hide failed messages (restorable until the retention expires)")
            .WithRequestExample(new DeadLetterSelection(MessageIds: [ExampleMessageId]));
        act.MapPost("/dead-letters/restore", Restore).WithName("OpsRestore").WithSummary("Bring archived messages back into the list")
            .WithRequestExample(new DeadLetterSelection(MessageIds: [ExampleMessageId]));
        act.MapPost("/retries", StartRetry).WithName("OpsStartRetry").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Retry a selection in batches of a chosen size at a chosen pace")
            .WithRequestExample(new RetryRequest(MessageIds: [ExampleMessageId], BatchSize: 10, PauseMs: 1000));
        read.MapGet("/retries", ListRetries).WithName("OpsListRetries").WithSummary("Retry runs, newest first");
        read.MapGet("/retries/{id:guid}", GetRetry).WithName("OpsGetRetry").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A retry run's progress and each message's outcome");
        act.MapPost("/retries/{id:guid}/cancel", CancelRetry).WithName("OpsCancelRetry").WithSummary("Stop a retry run after its batch in flight")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        read.MapGet("/pending-retries", ListPendingRetries).WithName("OpsListPendingRetries").WithSummary("Messages waiting for a scheduled (delayed) retry");
        read.MapMonitoring();
        read.MapGet("/audit", ListAudit).WithName("OpsListAudit").WithSummary("Every operator action: who, when, what, result");
        return ops;
    }

    private static Ok<SignedInOperator> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new SignedInOperator(user.Identity!.Name!, user.FindFirstValue(ClaimTypes.Role)!, user.IsInRole(OperationsRoles.Operator)));

    private static async Task<Ok<Overview>> GetOverview(
        IWolverineRuntime runtime, IOptions<OperationsOptions> options, RabbitMqVirtualHost vhost, CancellationToken cancellationToken)
    {
        var counts = await runtime.Storage.Admin.FetchCountsAsync();
        var live = await CountAsync(runtime, archived: false, cancellationToken);
        var archived = await CountAsync(runtime, archived: true, cancellationToken);
        return TypedResults.Ok(new Overview(runtime.Options.ServiceName, vhost.Name, live, archived, counts.Scheduled,
            counts.Incoming, counts.Outgoing, counts.Handled, options.Value.FaultInjection, options.Value.ArchivedRetention));
    }

    private static async Task<int> CountAsync(IWolverineRuntime runtime, bool archived, CancellationToken cancellationToken)
    {
        var query = new DeadLetterFilter().ToQuery(archived);
        query.PageSize = 1;
        return (await runtime.Storage.DeadLetters.QueryAsync(query, cancellationToken)).TotalCount;
    }

    private static async Task<Ok<Page<DeadLetterSummary>>> ListDeadLetters(
        [AsParameters] DeadLetterListQuery list, IWolverineRuntime runtime, DeadLetterViews views, CancellationToken cancellationToken)
    {
        var (page, pageSize) = Paging(list.Page, list.PageSize);
        var query = list.Filter.ToQuery(list.Archived ?? false);
        query.PageNumber = page;
        query.PageSize = pageSize;
        var results = await runtime.Storage.DeadLetters.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(new Page<DeadLetterSummary>(
            results.Envelopes.Select(views.Summary).ToList(), results.TotalCount, page, pageSize));
    }

    private static async Task<Ok<IReadOnlyList<DeadLetterGroup>>> ListGroups(
        IWolverineRuntime runtime, CancellationToken cancellationToken, Grouping? by = null, bool? archived = null)
    {
        var grouping = by ?? Grouping.FailureGroup;
        var summaries = await runtime.Storage.DeadLetters.SummarizeAllAsync(runtime.Options.ServiceName,
            new DeadLetterSummaryOptions
            {
                Grouping = Enum.Parse<DeadLetterGrouping>(grouping.ToString()),
                Query = new DeadLetterFilter().ToQuery(archived ?? false),
            },
            cancellationToken);

        var groups = new List<DeadLetterGroup>();
        foreach (var summary in summaries.OrderByDescending(s => s.LastFailedAt))
        {
            var filter = grouping switch
            {
                Grouping.MessageType => new DeadLetterFilter(MessageType: summary.Key),
                Grouping.Endpoint => new DeadLetterFilter(Endpoint: summary.Key),
                Grouping.ExceptionType => new DeadLetterFilter(ExceptionType: summary.Key),
                _ => new DeadLetterFilter(FailureGroup: summary.Key),
            };
            var sampleQuery = filter.ToQuery(archived ?? false);
            sampleQuery.PageSize = 1;
            var sample = (await runtime.Storage.DeadLetters.QueryAsync(sampleQuery, cancellationToken)).Envelopes.FirstOrDefault();
            groups.Add(new DeadLetterGroup(grouping.ToString(), summary.Key, summary.Title, summary.ExceptionType ?? sample?.ExceptionType,
                summary.Count, summary.FirstFailedAt, summary.LastFailedAt, sample?.ExceptionMessage, filter));
        }

        return TypedResults.Ok<IReadOnlyList<DeadLetterGroup>>(groups);
    }

    private static async Task<Results<Ok<DeadLetterDetails>, ProblemHttpResult>> GetDeadLetter(
        Guid id, IWolverineRuntime runtime, DeadLetterViews views, OperationsStore store, CancellationToken cancellationToken)
    {
        var letter = await runtime.Storage.DeadLetters.DeadLetterEnvelopeByIdAsync(id);
        if (letter is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(views.Details(letter, await store.EditsOfAsync(id, cancellationToken)));
    }

    private static async Task<Results<Accepted<RetryRunRecord>, ProblemHttpResult>> EditAndRetry(
        Guid id, EditAndRetryRequest request, IWolverineRuntime runtime, OperationsStore store, RetryRunner runner,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var letter = await runtime.Storage.DeadLetters.DeadLetterEnvelopeByIdAsync(id);
        if (letter is null)
        {
            return NotFound(id);
        }

        if (letter.ArchivedAt is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The message is archived",
                detail: $"Restore message {id} before editing it.");
        }

        if (letter.Envelope is not { } envelope)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The message's envelope cannot be read",
                detail: $"The stored envelope of message {id} could not be read, so its body cannot be replaced; retry or archive it instead.");
        }

        if (!MessageTypes.TryFind(runtime, letter.MessageType, out var messageType))
        {
            throw DeadLetterSelection.Invalid("body",
                $"No handler in this service knows message type '{letter.MessageType}', so an edited body cannot be checked; retry or archive it instead.");
        }

        var edited = Encoding.UTF8.GetBytes(request.Body.GetRawText());
        EditedBodies.Validate(edited, messageType);

        var actor = user.Identity!.Name!;
        var original = envelope.Data ?? [];
        await store.RecordEditAsync(id, actor, original, edited, cancellationToken);
        var run = await runner.TrackAsync(id, letter.MessageType, $"edited message {id}", actor, cancellationToken);
        envelope.Data = edited;
        if (!await store.ReplayEditedAsync(id, EnvelopeSerializer.Serialize(envelope), cancellationToken))
        {
            // Another operator retried, archived or deleted it since it was read; the run still follows the message.
            runner.Enqueue(run.Id);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The message is no longer a dead letter",
                detail: $"Message {id} was retried, archived or deleted while it was being edited; the edited body was not retried.");
        }

        await store.AuditAsync(actor, "edit-and-retry", $"message {id} ({letter.MessageType})",
            $"body replaced ({original.Length} → {edited.Length} bytes, original kept) and retried as run {run.Id}", cancellationToken);
        runner.Enqueue(run.Id);
        return TypedResults.Accepted($"retries/{run.Id}", (await store.RunAsync(run.Id, cancellationToken))!);
    }

    private static Task<Ok<ActionResult>> Archive(
        DeadLetterSelection selection, IWolverineRuntime runtime, OperationsStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ApplyAsync("archive", selection, archived: false, runtime.Storage.DeadLetters.ArchiveMatchingAsync, store, user, cancellationToken);

    private static Task<Ok<ActionResult>> Restore(
        DeadLetterSelection selection, IWolverineRuntime runtime, OperationsStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ApplyAsync("restore", selection, archived: true, runtime.Storage.DeadLetters.RestoreMatchingAsync, store, user, cancellationToken);

    private static async Task<Ok<ActionResult>> ApplyAsync(
        string action, DeadLetterSelection selection, bool archived,
        Func<DeadLetterEnvelopeQuery, CancellationToken, Task<DeadLetterOperationResult>> operation,
        OperationsStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        selection.Validate();
        var result = await operation(selection.ToQuery(archived), cancellationToken);
        var affected = result.Affected ?? 0;
        await store.AuditAsync(user.Identity!.Name!, action, selection.Describe(), $"{affected} messages", cancellationToken);
        return TypedResults.Ok(new ActionResult(action, selection.Describe(), affected));
    }

    private static async Task<Accepted<RetryRunRecord>> StartRetry(
        RetryRequest request, RetryRunner runner, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        request.Selection.Validate();
        if (request.BatchSize is < 1 or > RetryRunner.MaxBatchSize)
        {
            throw DeadLetterSelection.Invalid("batchSize", $"'batchSize' must be between 1 and {RetryRunner.MaxBatchSize}.");
        }

        if (request.PauseMs is < 0 or > RetryRunner.MaxPauseMs)
        {
            throw DeadLetterSelection.Invalid("pauseMs", $"'pauseMs' must be between 0 and {RetryRunner.MaxPauseMs}.");
        }

        var run = await runner.StartAsync(request.Selection, request.BatchSize, request.PauseMs, user.Identity!.Name!, cancellationToken);
        return TypedResults.Accepted($"retries/{run.Id}", run);
    }

    private static async Task<Ok<Page<RetryRunRecord>>> ListRetries(
        OperationsStore store, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var (p, size) = Paging(page, pageSize);
        return TypedResults.Ok(await store.RunPageAsync(p, size, cancellationToken));
    }

    private static async Task<Results<Ok<RetryRunDetails>, ProblemHttpResult>> GetRetry(
        Guid id, OperationsStore store, CancellationToken cancellationToken, string? outcome = null, int? page = null, int? pageSize = null)
    {
        var run = await store.RunAsync(id, cancellationToken);
        if (run is null)
        {
            return RunNotFound(id);
        }

        var (p, size) = Paging(page, pageSize);
        return TypedResults.Ok(new RetryRunDetails(run, await store.RunMessagesAsync(id, Blank(outcome), p, size, cancellationToken)));
    }

    private static async Task<Results<Ok<RetryRunRecord>, ProblemHttpResult>> CancelRetry(
        Guid id, OperationsStore store, RetryRunner runner, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var run = await store.RunAsync(id, cancellationToken);
        if (run is null)
        {
            return RunNotFound(id);
        }

        if (run.Status != RetryRunStatuses.Running || !runner.Cancel(id))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The retry run cannot be cancelled here",
                detail: run.Status == RetryRunStatuses.Running
                    ? $"Run {id} is driven by another replica of this service."
                    : $"Run {id} is {run.Status.ToLowerInvariant()} already.");
        }

        await store.AuditAsync(user.Identity!.Name!, "cancel-retry", $"run {id}", "cancellation requested", cancellationToken);
        return TypedResults.Ok((await store.RunAsync(id, cancellationToken))!);
    }

    private static async Task<Ok<Page<PendingRetry>>> ListPendingRetries(
        IWolverineRuntime runtime, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var (p, size) = Paging(page, pageSize);
        var results = await runtime.Storage.ScheduledMessages.QueryAsync(
            new ScheduledMessageQuery { PageNumber = p, PageSize = size }, cancellationToken);
        return TypedResults.Ok(new Page<PendingRetry>(
            results.Messages.Select(m => new PendingRetry(m.Id, m.MessageType ?? "", m.Destination, DeadLetterViews.QueueOf(m.Destination),
                m.ScheduledTime, m.Attempts, m.SentAt)).ToList(),
            results.TotalCount, p, size));
    }

    private static async Task<Ok<Page<AuditEntry>>> ListAudit(
        OperationsStore store, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var (p, size) = Paging(page, pageSize);
        return TypedResults.Ok(await store.AuditPageAsync(p, size, cancellationToken));
    }

    private static (int Page, int PageSize) Paging(int? page, int? pageSize)
    {
        if (page is < 1)
        {
            throw DeadLetterSelection.Invalid("page", "'page' starts at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw DeadLetterSelection.Invalid("pageSize", $"'pageSize' must be between 1 and {MaxPageSize}.");
        }

        return (page ?? 1, pageSize ?? 50);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such failed message",
            detail: $"No dead letter with id {id} in this service.");

    private static ProblemHttpResult RunNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such retry run",
            detail: $"No retry run with id {id} in this service.");
}

/// <summary>Query string of the failed-message list.</summary>
public sealed record DeadLetterListQuery(
    string? MessageType = null,
    string? ExceptionType = null,
    string? ExceptionMessage = null,
    string? Endpoint = null,
    string? FailureGroup = null,
    DateTimeOffset? FailedFrom = null,
    DateTimeOffset? FailedTo = null,
    bool? Archived = null,
    int? Page = null,
    int? PageSize = null)
{
    public DeadLetterFilter Filter => new(MessageType, ExceptionType, ExceptionMessage, Endpoint, FailureGroup, FailedFrom, FailedTo);
}

/// <summary>An edited body must read as the message type, strictly: every required value present, no unknown field.</summary>
internal static class EditedBodies
{
    private static readonly JsonSerializerOptions Strict = CreateStrict();

    public static void Validate(byte[] body, Type messageType)
    {
        object? message;
        try
        {
            message = JsonSerializer.Deserialize(body, messageType, Strict);
        }
        catch (JsonException exception)
        {
            throw DeadLetterSelection.Invalid("body",
                $"The edited body is not a valid {messageType.Name}: {exception.Message.Split(" Path:")[0]}{PathOf(exception)}");
        }
        catch (Exception exception) when (exception is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw DeadLetterSelection.Invalid("body", $"The edited body is not a valid {messageType.Name}: {exception.Message}");
        }

        if (message is null)
        {
            throw DeadLetterSelection.Invalid("body", $"The edited body must be a {messageType.Name} object, not null.");
        }
    }

    private static string PathOf(JsonException exception) => exception.Path is { Length: > 1 } path ? $" (at {path})" : "";

    private static JsonSerializerOptions CreateStrict()
    {
        // Wolverine's own reading rules (camelCase, case-insensitive), made strict.
        var options = SystemTextJsonSerializer.DefaultOptions();
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}

internal static class MessageTypes
{
    public static bool TryFind(IWolverineRuntime runtime, string messageTypeName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? messageType)
    {
        messageType = null;
        return runtime is WolverineRuntime concrete && concrete.Handlers.TryFindMessageType(messageTypeName, out messageType);
    }
}
