using System.Diagnostics.CodeAnalysis;
using Wolverine.Runtime;

namespace HsePayord.Modules.Operations.FailedMessages;

/// <summary>The message types this service's handlers know, by the name Wolverine gives them on the wire.</summary>
internal static class MessageTypes
{
    public static bool TryFind(IWolverineRuntime runtime, string messageTypeName, [NotNullWhen(true)] out Type? messageType)
    {
        messageType = null;
        return runtime is WolverineRuntime concrete && concrete.Handlers.TryFindMessageType(messageTypeName, out messageType);
    }
}
