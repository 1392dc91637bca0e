namespace HsePayord.BuildingBlocks.Messaging;

/// <summary>A failure no retry can cure (say, a demo fault injected as permanent): the message is dead-lettered at once.</summary>
public abstract class PermanentMessageFailureException(string message) : Exception(message);
