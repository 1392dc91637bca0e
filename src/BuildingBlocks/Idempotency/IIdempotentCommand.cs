namespace HsePayord.BuildingBlocks.Idempotency;

/// <summary>
/// A command a client may safely repeat under the same <c>Idempotency-Key</c>: the repeat returns the first
/// response and changes nothing. The key itself is not part of the request fingerprint.
/// </summary>
public interface IIdempotentCommand
{
    string? IdempotencyKey { get; }

    /// <summary>
    /// Whose keys these are: null for one space of keys per operation (the REST header), or e.g. a user where each
    /// user picks keys of their own (the hub's <c>CreateOrder</c>). Not part of the request fingerprint either.
    /// </summary>
    string? IdempotencyScope => null;
}
