using System.Text.Json;
using Wolverine;

namespace HsePayord.Modules.Operations.Contracts.Journey;

/// <summary>
/// The module's words for its bus messages: which subject (order) a message is about, and the step a successful
/// send of it means. Whatever Wolverine reports about an envelope (sent, dead-lettered, dropped as a duplicate) is
/// journaled under that subject.
/// </summary>
public sealed class JourneyMessages
{
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<Type, Entry> _byType = [];
    private readonly Dictionary<string, Entry> _byName = [];

    private sealed record Entry(Type Type, Func<object, Guid> SubjectOf, string? SentStep);

    /// <param name="subjectOf">The subject (order id) the message is about.</param>
    /// <param name="sentStep">The step a send of this message records, or null for none.</param>
    public JourneyMessages Message<T>(Func<T, Guid> subjectOf, string? sentStep = null)
    {
        var entry = new Entry(typeof(T), message => subjectOf((T)message), sentStep);
        _byType[typeof(T)] = entry;
        // Wolverine names a message on the wire by its full type name.
        _byName[typeof(T).FullName!] = entry;
        return this;
    }

    internal string? SentStepOf(Envelope envelope) => Find(envelope)?.SentStep;

    /// <summary>The subject an envelope is about, reading its body when it was not deserialized (yet).</summary>
    internal Guid? SubjectOf(Envelope envelope)
    {
        if (Find(envelope) is not { } entry)
        {
            return null;
        }

        try
        {
            var message = envelope.Message ?? (envelope.Data is { Length: > 0 } data ? JsonSerializer.Deserialize(data, entry.Type, BodyOptions) : null);
            return message is null ? null : entry.SubjectOf(message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Entry? Find(Envelope envelope) =>
        envelope.Message is { } message && _byType.TryGetValue(message.GetType(), out var byType) ? byType
        : envelope.MessageType is { } name && _byName.TryGetValue(name, out var byName) ? byName
        : null;
}
