namespace HsePayord.BuildingBlocks.Application;

/// <summary>The resource a command or query names does not exist (mapped to 404).</summary>
public sealed class NotFoundException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>The request conflicts with the current state of a resource (mapped to 409).</summary>
public sealed class ConflictException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>
/// The system is taking on work faster than it finishes it and refuses more for now (mapped to 429 with
/// <c>Retry-After</c>). Nothing was done: a retry, with the same idempotency key, is safe.
/// </summary>
public sealed class OverloadedException(string detail, TimeSpan retryAfter) : Exception(detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
