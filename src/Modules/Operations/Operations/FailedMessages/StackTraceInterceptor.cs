using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Transports;

namespace HsePayord.Modules.Operations.FailedMessages;

/// <summary>
/// Keeps the stack trace with a dead letter stored in the database (Wolverine stamps it only on messages sent to a
/// broker's dead-letter queue), in the same header and with the same length limit.
/// </summary>
internal sealed class StackTraceInterceptor : IDeadLetterInterceptor
{
    public ValueTask<Exception?> BeforeStoreAsync(Envelope envelope, Exception? exception, CancellationToken cancellation)
    {
        if (exception is not null)
        {
            envelope.Headers[DeadLetterQueueConstants.ExceptionStackHeader] = DeadLetterQueueConstants.TruncateStackTrace(exception.ToString());
        }

        return ValueTask.FromResult(exception);
    }
}
