using System.Diagnostics;

namespace HsePayord.CrashTests;

/// <summary>Runs the services' own command-line tools, as their own system user where they insist on one.</summary>
internal static class Commands
{
    private static readonly bool IsRoot = Environment.UserName == "root";

    /// <summary>Runs <paramref name="program"/> as <paramref name="user"/> (runuser as root, sudo otherwise) and returns its output.</summary>
    public static async Task<string> RunAsAsync(string user, string program, params string[] arguments)
    {
        var (launcher, prefix) = IsRoot ? ("runuser", new[] { "-u", user, "--" }) : ("sudo", new[] { "-n", "-u", user, "--" });
        return await RunAsync(launcher, [.. prefix, program, .. arguments]);
    }

    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{program} {string.Join(' ', arguments)}` exited {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }

    /// <summary>Sends SIGKILL: the process gets no chance to flush, close or say goodbye.</summary>
    public static void Crash(int pid) => Process.GetProcessById(pid).Kill(entireProcessTree: false);

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The direct children of a process, from /proc (the orphaned backends of a crashed postmaster, say).</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(int.Parse!)
            .Where(child => ParentOf(child) == pid)
            .ToList();

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ...", where comm may itself contain spaces and parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
