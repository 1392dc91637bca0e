namespace HsePayord.Modules.Operations;

/// <summary>The operations API's settings, bound from the host's <c>Operations</c> configuration section.</summary>
internal sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>
    /// Operators by user name: <c>Operations:Users:&lt;name&gt;:Password</c> and <c>…:Role</c>
    /// (<see cref="OperationsRoles.Operator"/> or <see cref="OperationsRoles.Viewer"/>). No user, no access.
    /// </summary>
    public Dictionary<string, OperatorAccount> Users { get; init; } = new(StringComparer.Ordinal);

    /// <summary>How long an archived dead letter is kept before Wolverine deletes it.</summary>
    public TimeSpan ArchivedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Demo fault injection: off unless a deployment turns it on; when off, its endpoints do not exist.</summary>
    public bool FaultInjection { get; set; }
}

internal sealed class OperatorAccount
{
    public string Password { get; set; } = "";

    public string Role { get; set; } = OperationsRoles.Viewer;
}

internal static class OperationsRoles
{
    /// <summary>May do everything: retry, edit, archive, restore, inject faults.</summary>
    public const string Operator = "operator";

    /// <summary>May look only.</summary>
    public const string Viewer = "viewer";
}
