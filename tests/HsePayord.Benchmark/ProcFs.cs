using System.Globalization;
using System.Runtime.InteropServices;

namespace HsePayord.Benchmark;

/// <summary>What the benchmark reads from Linux's /proc: a process's CPU time and RSS, its parent, its title,
/// and which process listens on a TCP port. Every reader returns null where the process is gone or unreadable.</summary>
internal static partial class ProcFs
{
    private const int ScClkTck = 2; // _SC_CLK_TCK in glibc's <unistd.h>

    public static readonly long ClockTicksPerSecond = ReadClockTicksPerSecond();

    public static bool Available => Directory.Exists("/proc/self");

    public sealed record ProcessStat(int Pid, int ParentPid, string Command, long CpuTicks, long StartTicks);

    public static ProcessStat? ReadStat(int pid)
    {
        var text = TryRead($"/proc/{pid}/stat");
        if (text is null)
        {
            return null;
        }

        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state) of proc(5): ppid 4, utime 14, stime 15, starttime 22.
        return new ProcessStat(
            pid,
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            text[(open + 1)..close],
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    public static IReadOnlyList<ProcessStat> AllProcesses() =>
        EnumeratePids().Select(ReadStat).OfType<ProcessStat>().ToList();

    /// <summary>The process's title as `ps` shows it (PostgreSQL rewrites it to name the backend's database).</summary>
    public static string? ReadTitle(int pid) =>
        TryRead($"/proc/{pid}/cmdline")?.Replace('\0', ' ').Trim();

    public static long? ReadRssBytes(int pid)
    {
        var line = TryRead($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? null : long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The process listening on a local TCP port: the socket's inode from /proc/net/tcp(6), then the
    /// process holding that inode among its file descriptors. Null when nothing local listens there.</summary>
    public static int? FindListeningPid(int port)
    {
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in (TryRead(table) ?? "").Split('\n').Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                const string Listen = "0A";
                if (columns.Length > 9 && columns[3] == Listen &&
                    int.Parse(columns[1][(columns[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add($"socket:[{columns[9]}]");
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var pid in EnumeratePids())
        {
            try
            {
                if (Directory.EnumerateFiles($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to look into.
            }
        }

        return null;
    }

    private static IEnumerable<int> EnumeratePids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long ReadClockTicksPerSecond()
    {
        try
        {
            var ticks = SysConf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100; // Linux's USER_HZ everywhere it runs today
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
