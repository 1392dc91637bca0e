using System.Diagnostics;
using System.Reflection;
using Wolverine;

namespace HsePayord.BuildingBlocks.Observability;

/// <summary>
/// Wolverine hands a batch handler a batch envelope it assembled itself, whose span starts a trace of its own: the
/// members' traces (the HTTP request that placed the order, the other host's handler) would end at the batching
/// queue. This span continues the first member's trace around the handler's work (its database commands and the
/// messages it sends) and links the other members' traces and the batch's own span.
/// </summary>
public static class BatchTracing
{
    public const string SourceName = "HsePayord.Messaging";

    private static readonly ActivitySource Source = new(SourceName);

    // Envelope.Batch is internal in 6.62 (IBatchContext exposes ids and attempts, not the trace context).
    private static readonly PropertyInfo? BatchMembers =
        typeof(Envelope).GetProperty("Batch", BindingFlags.Instance | BindingFlags.NonPublic);

    public static Activity? ContinueMemberTraces(Envelope batch, string operation)
    {
        if (!Source.HasListeners() || BatchMembers?.GetValue(batch) is not Envelope[] { Length: > 0 } members)
        {
            return null;
        }

        var parents = new List<ActivityContext>(members.Length);
        foreach (var member in members)
        {
            if (ActivityContext.TryParse(member.ParentId, null, out var context))
            {
                parents.Add(context);
            }
        }

        if (parents.Count == 0)
        {
            return null;
        }

        var links = parents.Skip(1).Select(context => new ActivityLink(context)).ToList();
        if (Activity.Current is { } batchSpan)
        {
            links.Add(new ActivityLink(batchSpan.Context));
        }

        var activity = Source.StartActivity(operation, ActivityKind.Internal, parents[0], links: links);
        activity?.SetTag("messaging.batch.message_count", members.Length);
        return activity;
    }
}
