using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HsePayord.BuildingBlocks.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.BuildingBlocks.Idempotency;

/// <summary>The same key was used before with a different request (mapped to 422).</summary>
public sealed class IdempotencyKeyReusedException(string key)
    : Exception($"The Idempotency-Key '{key}' was already used with a different request body.");

/// <summary>
/// Runs inside the unit of work: a repeated key returns the stored first response; a new key stores the
/// response next to the command's own changes, so both commit or neither does. Two requests racing with one
/// key collide on the primary key; the loser is retried by <see cref="RetryBehavior{TMessage,TResponse}"/>
/// and then finds the winner's record.
/// </summary>
public sealed class IdempotencyBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork, TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand, IIdempotentCommand
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    private static readonly JsonSerializerOptions FingerprintOptions = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers = { ExcludeIdempotencyKey },
        },
    };

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message.IdempotencyKey is not { } key)
        {
            return await next(message, cancellationToken);
        }

        var operation = message.IdempotencyScope is { } scope ? $"{typeof(TMessage).Name}/{scope}" : typeof(TMessage).Name;
        var fingerprint = Fingerprint(message);
        var records = unitOfWork.DbContext.Set<IdempotencyRecord>();

        var previous = await records.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Operation == operation && r.Key == key, cancellationToken);
        if (previous is not null)
        {
            return previous.RequestFingerprint == fingerprint
                ? JsonSerializer.Deserialize<TResponse>(previous.ResponseJson, SerializerOptions)!
                : throw new IdempotencyKeyReusedException(key);
        }

        var response = await next(message, cancellationToken);
        records.Add(new IdempotencyRecord
        {
            Operation = operation,
            Key = key,
            RequestFingerprint = fingerprint,
            ResponseJson = JsonSerializer.Serialize(response, SerializerOptions),
            CreatedAt = clock.GetUtcNow(),
        });
        return response;
    }

    private static string Fingerprint(TMessage message)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, FingerprintOptions);
        return Convert.ToHexString(SHA256.HashData(json));
    }

    private static void ExcludeIdempotencyKey(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in typeInfo.Properties
                         .Where(p => p.Name.Equals(nameof(IIdempotentCommand.IdempotencyKey), StringComparison.OrdinalIgnoreCase)
                                     || p.Name.Equals(nameof(IIdempotentCommand.IdempotencyScope), StringComparison.OrdinalIgnoreCase))
                         .ToList())
            {
                typeInfo.Properties.Remove(property);
            }
        }
    }
}
