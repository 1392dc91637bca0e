namespace HsePayord.BuildingBlocks.Idempotency;

/// <summary>
/// A command a client may safely repeat under the same <c>Idempotency-Key</c>: the repeat returns the first
/// response and changes nothing. The key itself is not part of the request fingerprint.
/// </summary>
public interface IIdempotentCommand
{
    string? IdempotencyKey { get; }
}
