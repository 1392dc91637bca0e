namespace HsePayord.CrashTests;

/// <summary>Commands that touch the services' own files and processes: as root directly (CI), otherwise through sudo.</summary>
internal static class Privileged
{
    public static Task<string> RunAsync(string program, params string[] arguments) =>
        Environment.UserName == "root" ? Commands.RunAsync(program, arguments) : Commands.RunAsync("sudo", ["-n", program, .. arguments]);
}
