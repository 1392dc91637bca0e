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
