using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wolverine.Runtime;
using Wolverine.Runtime.Serialization;

namespace HsePayord.Modules.Operations.Features.EditAndRetry;

/// <summary>
/// Replaces a failed message's body (checked against its message type, the original kept) and retries it as a run of
/// its own, audited.
/// </summary>
internal sealed class DeadLetterEditor(IWolverineRuntime runtime, OperationsStore store, RetryRunner runner)
{
    public async Task<Outcome<RetryRunRecord>> EditAndRetryAsync(Guid id, JsonElement body, string actor, CancellationToken cancellationToken)
    {
        var letter = await runtime.Storage.DeadLetters.DeadLetterEnvelopeByIdAsync(id);
        if (letter is null)
        {
            return OperationProblem.NoSuchDeadLetter(id);
        }

        if (letter.ArchivedAt is not null)
        {
            return OperationProblem.Conflict("The message is archived", $"Restore message {id} before editing it.");
        }

        if (letter.Envelope is not { } envelope)
        {
            return OperationProblem.Conflict("The message's envelope cannot be read",
                $"The stored envelope of message {id} could not be read, so its body cannot be replaced; retry or archive it instead.");
        }

        if (!MessageTypes.TryFind(runtime, letter.MessageType, out var messageType))
        {
            throw DeadLetterSelection.Invalid("body",
                $"No handler in this service knows message type '{letter.MessageType}', so an edited body cannot be checked; retry or archive it instead.");
        }

        var edited = Encoding.UTF8.GetBytes(body.GetRawText());
        EditedBodies.Validate(edited, messageType);

        var original = envelope.Data ?? [];
        await store.RecordEditAsync(id, actor, original, edited, cancellationToken);
        var run = await runner.TrackAsync(id, letter.MessageType, $"edited message {id}", actor, cancellationToken);
        envelope.Data = edited;
        if (!await store.ReplayEditedAsync(id, EnvelopeSerializer.Serialize(envelope), cancellationToken))
        {
            // Another operator retried, archived or deleted it since it was read; the run still follows the message.
            runner.Enqueue(run.Id);
            return OperationProblem.Conflict("The message is no longer a dead letter",
                $"Message {id} was retried, archived or deleted while it was being edited; the edited body was not retried.");
        }

        await store.AuditAsync(actor, "edit-and-retry", $"message {id} ({letter.MessageType})",
            $"body replaced ({original.Length} → {edited.Length} bytes, original kept) and retried as run {run.Id}", cancellationToken);
        runner.Enqueue(run.Id);
        return (await store.RunAsync(run.Id, cancellationToken))!;
    }
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
