using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace HsePayord.CrashTests;

/// <summary>
/// A replicated PostgreSQL pair of the crash tests' own: two members run by Patroni (Debian's <c>patroni</c>), which
/// keeps the leader's lease in a single-member etcd (<c>etcd-server</c>) and promotes the standby when the lease of a
/// lost primary expires (docs/adr/0014-database-failover-patroni.md). Everything runs as the postgres user from a
/// temporary folder on ports of its own (moved by PAYORD_TEST_INSTANCE, as <see cref="CrashLab"/>'s are), so losing a
/// member harms nothing else on the machine.
/// </summary>
public sealed class ReplicatedPostgres : IShopDatabase, IAsyncLifetime
{
    private const string Scope = "payord-pair";

    // A lost primary's lease expires after TimeToLive; each member looks every LoopWait. Patroni asks for
    // LoopWait + 2 × RetryTimeout ≤ TimeToLive, so that a leader which cannot reach etcd demotes itself in time.
    private const int TimeToLiveSeconds = 15;
    private const int LoopWaitSeconds = 2;
    private const int RetryTimeoutSeconds = 5;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly string _root;
    private readonly int _etcdPort;
    private readonly string _binDirectory;

    public ReplicatedPostgres()
    {
        var basePort = 56000 + CrashLab.Offset * 8;
        _root = Path.Combine(Path.GetTempPath(), CrashLab.Name, "patroni");
        _etcdPort = basePort;
        _binDirectory = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(v => int.Parse(Path.GetFileName(v), CultureInfo.InvariantCulture)).Last() + "/bin";
        Members = [new Member(this, "member1", basePort + 2, basePort + 4), new Member(this, "member2", basePort + 3, basePort + 5)];
    }

    public IReadOnlyList<Member> Members { get; }

    /// <summary>
    /// What the hosts get: every member named, and only a primary will do, so Npgsql finds the one that takes writes
    /// and moves to the other when it is lost.
    /// </summary>
    public string ConnectionString(string database) =>
        $"Host={string.Join(',', Members.Select(m => $"localhost:{m.Port}"))};Target Session Attributes=primary;"
        + $"Database={database};Username=postgres;Maximum Pool Size=10;SSL Mode=Disable;Timeout=5";

    /// <summary>For the tests' own reads: a fresh connection each time, to whichever member is primary now.</summary>
    public string ObserverConnectionString(string database) => ConnectionString(database) + ";Pooling=false";

    // Nothing starts until a test asks for the pair: its tests run on request, and a run that skips them needs neither
    // Patroni nor etcd installed.
    public Task InitializeAsync() => Task.CompletedTask;

    private bool _started;

    private async Task StartPairAsync()
    {
        await DisposeAsync();
        await Privileged.RunAsync("mkdir", "-p", _root);
        foreach (var member in Members)
        {
            await File.WriteAllTextAsync(member.ConfigFile, member.Configuration());
        }

        await Privileged.RunAsync("chown", "-R", "postgres", _root);
        await StartDetachedAsync("etcd", $"etcd --name {Scope} --data-dir {_root}/etcd"
            + $" --listen-client-urls http://127.0.0.1:{_etcdPort} --advertise-client-urls http://127.0.0.1:{_etcdPort}"
            + $" --listen-peer-urls http://127.0.0.1:{_etcdPort + 1} --initial-advertise-peer-urls http://127.0.0.1:{_etcdPort + 1}"
            + $" --initial-cluster {Scope}=http://127.0.0.1:{_etcdPort + 1}");
        await Eventually.UntilAsync(() => Task.FromResult(Accepts(_etcdPort)), "etcd to listen", StartTimeout);

        // The first member bootstraps (initdb) and takes the lease; the second clones it with pg_basebackup.
        await Members[0].StartAsync();
        await Eventually.UntilAsync(async () => await Members[0].IsPrimaryAsync(), "the first member to be primary", StartTimeout);
        await Members[1].StartAsync();
        await WaitUntilReplicatingAsync(synchronous: true);
    }

    /// <summary>Both members up, the standby streaming, and in the mode asked for (synchronous: a commit waits for it).</summary>
    public async Task EnsurePairAsync(bool synchronous)
    {
        if (!_started)
        {
            await StartPairAsync();
            _started = true;
        }

        foreach (var member in Members.Where(m => !m.IsRunning))
        {
            await member.ReplaceAsync();
        }

        var primary = await PrimaryAsync();
        using var api = primary.Api();
        // Patroni's REST API wants a Content-Length: no chunked body.
        using var body = new StringContent(JsonSerializer.Serialize(new { synchronous_mode = synchronous }), Encoding.UTF8, "application/json");
        using var patched = await api.PatchAsync("/config", body);
        patched.EnsureSuccessStatusCode();
        await WaitUntilReplicatingAsync(synchronous);
    }

    /// <summary>The member that takes writes now, as PostgreSQL itself says (not in recovery).</summary>
    public async Task<Member> PrimaryAsync() =>
        (await Eventually.UntilAsync(async () =>
        {
            foreach (var member in Members)
            {
                if (await member.IsPrimaryAsync())
                {
                    return member;
                }
            }

            return null;
        }, primary => primary is not null, "a primary", StartTimeout))!;

    /// <summary>The standby as the primary sees it: how it replicates ('sync' or 'async') and how far behind it is.</summary>
    public static async Task<(string SyncState, long LagBytes)?> ReplicationAsync(Member primary)
    {
        var rows = await primary.QueryAsync(
            "SELECT sync_state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint FROM pg_stat_replication WHERE state = 'streaming'",
            row => (SyncState: row.GetString(0), LagBytes: row.IsDBNull(1) ? 0 : row.GetInt64(1)));
        return rows.Count == 1 ? rows[0] : null;
    }

    private async Task WaitUntilReplicatingAsync(bool synchronous) =>
        await Eventually.UntilAsync(async () =>
        {
            var primary = await PrimaryAsync();
            return await ReplicationAsync(primary);
        }, state => state?.SyncState == (synchronous ? "sync" : "async"),
            $"the standby to stream {(synchronous ? "synchronously" : "asynchronously")}", StartTimeout,
            state => state?.ToString() ?? "no standby streaming");

    public async Task CreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ObserverConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Started through a shell that detaches it (as the postgres user), so it outlives the command that started it;
    /// its process id goes to <c>{name}.pid</c> and its output to <c>{name}.log</c>.
    /// </summary>
    private async Task StartDetachedAsync(string name, string commandLine) =>
        await Commands.RunAsAsync("postgres", "sh", "-c",
            $"setsid {commandLine} >>{_root}/{name}.log 2>&1 </dev/null & echo $! >{_root}/{name}.pid");

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("localhost", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        // The supervisors first, or they would start the PostgreSQL servers again; only processes started from this
        // folder are ever killed (a pid file may be stale and its number reused).
        foreach (var member in Members)
        {
            KillIfOurs(ReadPid(Path.Combine(_root, $"{member.Name}.pid")));
        }

        foreach (var member in Members)
        {
            if (member.PostmasterPid is { } postmaster && IsOurs(postmaster))
            {
                foreach (var child in Commands.ChildrenOf(postmaster).Where(Commands.IsRunning))
                {
                    Commands.Crash(child);
                }

                Commands.Crash(postmaster);
            }
        }

        KillIfOurs(ReadPid(Path.Combine(_root, "etcd.pid")));
        if (Directory.Exists(_root))
        {
            // Patroni's and etcd's logs (PostgreSQL's own lines among Patroni's) outlive the pair, beside the hosts' logs.
            var logs = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "crash-logs", "replicated-postgres"));
            foreach (var log in Directory.EnumerateFiles(_root, "*.log"))
            {
                File.Copy(log, Path.Combine(logs.FullName, Path.GetFileName(log)), overwrite: true);
            }

            await Privileged.RunAsync("rm", "-rf", _root);
        }
    }

    private void KillIfOurs(int? pid)
    {
        if (pid is { } id && IsOurs(id))
        {
            Commands.Crash(id);
        }
    }

    private bool IsOurs(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(_root, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int? ReadPid(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault()?.Trim(), out var pid) ? pid : null;

    /// <summary>One member: a Patroni daemon and the PostgreSQL server it runs.</summary>
    public sealed class Member(ReplicatedPostgres pair, string name, int port, int apiPort)
    {
        public string Name { get; } = name;

        public int Port { get; } = port;

        public string DataDirectory => Path.Combine(pair._root, Name, "data");

        internal string ConfigFile => Path.Combine(pair._root, $"{Name}.yml");

        /// <summary>Patroni's process id, as the shell that started it wrote it.</summary>
        public int? PatroniPid => ReadPid(Path.Combine(pair._root, $"{Name}.pid"));

        /// <summary>The postmaster's process id, as it wrote it into its pid file (null once its server is gone for good).</summary>
        public int? PostmasterPid => ReadPid(Path.Combine(DataDirectory, "postmaster.pid"));

        public bool IsRunning => PatroniPid is { } pid && Commands.IsRunning(pid);

        public bool AcceptsConnections => Accepts(Port);

        internal HttpClient Api() => new() { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromSeconds(5) };

        public async Task StartAsync()
        {
            await Privileged.RunAsync("mkdir", "-p", Path.Combine(pair._root, Name));
            await Privileged.RunAsync("chown", "postgres", Path.Combine(pair._root, Name));
            await pair.StartDetachedAsync(Name, $"patroni {ConfigFile}");
        }

        /// <summary>
        /// Brings a lost member back as a new machine would come: an empty data folder, cloned from the primary by
        /// Patroni (pg_basebackup), then streaming from it.
        /// </summary>
        public async Task ReplaceAsync()
        {
            await Privileged.RunAsync("rm", "-rf", DataDirectory);
            await StartAsync();
        }

        /// <summary>True when this member's server answers and is not in recovery: it takes writes.</summary>
        public async Task<bool> IsPrimaryAsync()
        {
            try
            {
                return !(await QueryAsync("SELECT pg_is_in_recovery()", row => row.GetBoolean(0))).Single();
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                return false;
            }
        }

        /// <summary>How Patroni sees the pair, asked through this member's REST API: each member's role.</summary>
        public async Task<IReadOnlyDictionary<string, string>> PatroniRolesAsync()
        {
            using var api = Api();
            var cluster = await api.GetFromJsonAsync<PatroniCluster>("/cluster");
            return cluster!.Members.ToDictionary(m => m.Name, m => m.Role);
        }

        /// <summary>The timeline this member writes on (a primary only): each promotion starts a new one.</summary>
        public async Task<int> TimelineAsync() =>
            (await QueryAsync("SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int", row => row.GetInt32(0))).Single();

        /// <summary>
        /// A machine's power loss: Patroni (or it would start the server again) and the postmaster with every process it
        /// started, SIGKILLed by one <c>kill</c>, so not even the WAL sender gets to ship another byte. Returns once
        /// none of them runs and nothing answers on the port; the member stays down.
        /// </summary>
        public async Task<(int Patroni, int Postmaster)> LoseAsync()
        {
            var patroni = PatroniPid ?? throw new InvalidOperationException($"{Name} was not started");
            var postmaster = PostmasterPid ?? throw new InvalidOperationException($"{Name} runs no server");
            var victims = new[] { patroni, postmaster }.Concat(Commands.ChildrenOf(postmaster)).ToList();
            // A backend may end by itself between the listing and the kill: that is as good as killed.
            await Privileged.RunAsync("sh", "-c", $"kill -KILL {string.Join(' ', victims)} 2>/dev/null || true");
            await Eventually.UntilAsync(() => Task.FromResult(!victims.Any(Commands.IsRunning) && !AcceptsConnections),
                $"{Name}'s Patroni, postmaster and backends to be gone", TimeSpan.FromSeconds(10));
            return (patroni, postmaster);
        }

        internal Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, string database = "postgres") =>
            Sql.QueryAsync(
                $"Host=localhost;Port={Port};Database={database};Username=postgres;Pooling=false;SSL Mode=Disable;Timeout=3;Command Timeout=5",
                sql, read);

        /// <summary>
        /// Patroni's settings for this member. Replication and every local connection are trusted: the pair listens on
        /// loopback only and lives for one test run. fsync stays on, as in <see cref="PostgresCluster"/>.
        /// </summary>
        internal string Configuration() => $"""
            scope: {Scope}
            name: {Name}
            restapi:
              listen: 127.0.0.1:{apiPort}
              connect_address: 127.0.0.1:{apiPort}
            etcd3:
              host: 127.0.0.1:{pair._etcdPort}
            bootstrap:
              dcs:
                ttl: {TimeToLiveSeconds}
                loop_wait: {LoopWaitSeconds}
                retry_timeout: {RetryTimeoutSeconds}
                synchronous_mode: true
                postgresql:
                  parameters:
                    max_connections: 200
                    fsync: on
              initdb:
                - encoding: UTF8
              pg_hba:
                - local all all trust
                - host all all 127.0.0.1/32 trust
                - host all all ::1/128 trust
                - host replication all 127.0.0.1/32 trust
            postgresql:
              listen: localhost:{Port}
              connect_address: 127.0.0.1:{Port}
              data_dir: {DataDirectory}
              bin_dir: {pair._binDirectory}
              pgpass: {pair._root}/{Name}/pgpass
              basebackup:
                # A replacement member clones the primary at once, not after a spread checkpoint (over a minute here).
                - checkpoint: fast
              authentication:
                superuser:
                  username: postgres
                replication:
                  username: postgres
              parameters:
                unix_socket_directories: {pair._root}/{Name}
            watchdog:
              mode: off

            """;
    }

    private sealed record PatroniCluster([property: JsonPropertyName("members")] List<PatroniMember> Members);

    private sealed record PatroniMember(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("role")] string Role);
}
