namespace HsePayord.Benchmark;

/// <summary>A named set of processes whose CPU time is summed: a process tree picked from one reading of /proc.</summary>
internal sealed class ProcessGroup(string name, Func<IReadOnlyList<ProcFs.ProcessStat>, IEnumerable<ProcFs.ProcessStat>> members)
{
    public string Name { get; } = name;

    public IReadOnlyList<ProcFs.ProcessStat> Members(IReadOnlyList<ProcFs.ProcessStat> all) => members(all).ToList();

    /// <summary>One process (a host, the client) and whatever it started; empty when the pid is unknown or gone.</summary>
    public static ProcessGroup Tree(string name, int? pid) =>
        new(name, all => pid is { } root ? WithDescendants(all, all.Where(p => p.Pid == root)) : []);

    /// <summary>RabbitMQ: the broker's Erlang VM and its helpers (erl_child_setup, inet_gethost); not the
    /// short-lived VMs of rabbitmqctl, which run the same beam.smp.</summary>
    public static ProcessGroup RabbitMq() =>
        new("RabbitMQ", all => WithDescendants(all, all.Where(p =>
            p.Command == "beam.smp" && (ProcFs.ReadTitle(p.Pid)?.Contains("-s rabbit boot", StringComparison.Ordinal) ?? false))));

    /// <summary>PostgreSQL: the postmaster (the one listening on <paramref name="postmasterPid"/>'s port when known,
    /// else every postmaster) and its children, except client backends of databases other than
    /// <paramref name="databases"/> (the machine's PostgreSQL may serve other work at the same time).</summary>
    public static ProcessGroup PostgreSql(IReadOnlySet<string> databases, int? postmasterPid) =>
        new("PostgreSQL", all =>
        {
            var byPid = all.ToDictionary(p => p.Pid);
            var postmasters = all.Where(p => postmasterPid is { } pid
                ? p.Pid == pid
                : p.Command == "postgres" && !(byPid.TryGetValue(p.ParentPid, out var parent) && parent.Command == "postgres"));
            return WithDescendants(all, postmasters)
                .Where(p => ClientBackendDatabase(ProcFs.ReadTitle(p.Pid)) is not { } database || databases.Contains(database));
        });

    /// <summary>A client backend's title is "postgres: [cluster: ]user database host(port) state"; null for the
    /// postmaster and the auxiliary processes (checkpointer, walwriter, autovacuum …).</summary>
    private static string? ClientBackendDatabase(string? title)
    {
        var words = (title ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 3; i < words.Length; i++)
        {
            if (words[i] == "[local]" || (words[i].Contains('(', StringComparison.Ordinal) && words[i].EndsWith(')')))
            {
                return words[i - 1];
            }
        }

        return null;
    }

    private static IEnumerable<ProcFs.ProcessStat> WithDescendants(IReadOnlyList<ProcFs.ProcessStat> all, IEnumerable<ProcFs.ProcessStat> roots)
    {
        var children = all.ToLookup(p => p.ParentPid);
        var seen = new HashSet<int>();
        var stack = new Stack<ProcFs.ProcessStat>(roots);
        while (stack.TryPop(out var process))
        {
            if (!seen.Add(process.Pid))
            {
                continue;
            }

            yield return process;
            foreach (var child in children[process.Pid])
            {
                stack.Push(child);
            }
        }
    }
}

/// <summary>CPU time (utime + stime) of each group at one moment; two samples give the CPU spent between them.</summary>
internal sealed class CpuSample
{
    private readonly Dictionary<string, Dictionary<(int Pid, long Start), long>> ticksByGroup = [];

    public static CpuSample Take(IEnumerable<ProcessGroup> groups)
    {
        var sample = new CpuSample();
        var all = ProcFs.Available ? ProcFs.AllProcesses() : [];
        foreach (var group in groups)
        {
            sample.ticksByGroup[group.Name] = group.Members(all).ToDictionary(p => (p.Pid, p.StartTicks), p => p.CpuTicks);
        }

        return sample;
    }

    /// <summary>Milliseconds of CPU the group spent from <paramref name="before"/> to this sample; a process that
    /// appeared in between counts in full (it started in between), one that ended in between is lost. Null when
    /// the group had no process in either sample.</summary>
    public double? MillisecondsSince(CpuSample before, string group)
    {
        var now = ticksByGroup.GetValueOrDefault(group) ?? [];
        var then = before.ticksByGroup.GetValueOrDefault(group) ?? [];
        if (now.Count == 0 && then.Count == 0)
        {
            return null;
        }

        var ticks = now.Sum(p => p.Value - then.GetValueOrDefault(p.Key));
        return ticks * 1000.0 / ProcFs.ClockTicksPerSecond;
    }

    public int ProcessCount(string group) => ticksByGroup.GetValueOrDefault(group)?.Count ?? 0;
}
