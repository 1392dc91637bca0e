using System.Net.Sockets;
using Npgsql;

namespace HsePayord.CrashTests;

/// <summary>
/// A PostgreSQL cluster of the crash tests' own (initdb into a temporary folder, its own port), so that killing its
/// postmaster harms nothing else on the machine. fsync stays on: a crash must be survived by the real thing.
/// </summary>
public sealed class PostgresCluster : IShopDatabase, IAsyncDisposable
{
    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly string _binDirectory;

    public PostgresCluster(string name, int port)
    {
        Port = port;
        _root = Path.Combine(Path.GetTempPath(), name, "postgres");
        _dataDirectory = Path.Combine(_root, "data");
        _binDirectory = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(v => int.Parse(Path.GetFileName(v))).Last() + "/bin";
    }

    public int Port { get; }

    public string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>For the hosts: pooled, as in production.</summary>
    public string ConnectionString(string database) =>
        $"Host=localhost;Port={Port};Database={database};Username=postgres;Maximum Pool Size=10;SSL Mode=Disable;Timeout=5";

    /// <summary>For the tests' own reads: a fresh connection each time, so none of them is one a crash broke.</summary>
    public string ObserverConnectionString(string database) => ConnectionString(database) + ";Pooling=false";

    /// <summary>The postmaster's process id, as it wrote it into its pid file.</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(_dataDirectory, "postmaster.pid")).First());

    public async Task InitializeAsync()
    {
        await DisposeAsync();
        await Privileged.RunAsync("mkdir", "-p", _root);
        await Privileged.RunAsync("chown", "postgres", _root);
        await Commands.RunAsAsync("postgres", $"{_binDirectory}/initdb", "-D", _dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await StartAsync();
    }

    public Task StartAsync() => StartListeningOnAsync("localhost");

    /// <summary>
    /// Reads what a crash left behind, before anything can change it: starts the crashed cluster listening on its
    /// Unix socket only, where no host reaches it (its crash recovery restores every transaction committed before the
    /// kill), runs <paramref name="read"/> on <paramref name="database"/>, and stops the cluster as abruptly again
    /// (immediate: no shutdown checkpoint), so that <see cref="StartAsync"/> still meets a cluster that needs recovery.
    /// Returns what was read and the log of that first start after the crash: that crash's recovery and no other's,
    /// though every start of the collection writes into the same log.
    /// </summary>
    public async Task<(T Read, string RecoveryLog)> ReadWhatTheCrashLeftAsync<T>(string database, Func<NpgsqlConnection, Task<T>> read)
    {
        var logBeforeStart = await LogLengthAsync();
        await StartListeningOnAsync("''");
        try
        {
            await using var connection = new NpgsqlConnection(
                $"Host={_root};Port={Port};Database={database};Username=postgres;Pooling=false;Timeout=5");
            await connection.OpenAsync();
            var value = await read(connection);
            return (value, await Privileged.RunAsync("tail", "-c", $"+{logBeforeStart + 1}", LogFile));
        }
        finally
        {
            await Commands.RunAsAsync("postgres", $"{_binDirectory}/pg_ctl", "-D", _dataDirectory, "-m", "immediate", "-w", "stop");
        }
    }

    private async Task<long> LogLengthAsync() => long.Parse((await Privileged.RunAsync("stat", "-c", "%s", LogFile)).Trim());

    // pg_ctl hands -o to the postmaster through a shell: '' is an empty list of addresses, the Unix socket only.
    private async Task StartListeningOnAsync(string addresses) =>
        await Commands.RunAsAsync("postgres", $"{_binDirectory}/pg_ctl", "-D", _dataDirectory, "-l", LogFile, "-w", "-t", "120",
            "-o", $"-p {Port} -k {_root} -c listen_addresses={addresses} -c max_connections=200 -c fsync=on", "start");

    /// <summary>
    /// A crash, not a shutdown: SIGKILL of the postmaster and of the backends it orphaned (so the cluster can start
    /// again, as after a machine's power loss). Returns once nothing answers on the port.
    /// </summary>
    public async Task CrashAsync()
    {
        var postmaster = PostmasterPid;
        var backends = Commands.ChildrenOf(postmaster);
        await Privileged.RunAsync("kill", "-KILL", postmaster.ToString());
        foreach (var backend in backends.Where(Commands.IsRunning))
        {
            // An orphaned backend may end by itself meanwhile: that is as good as killed.
            await Privileged.RunAsync("sh", "-c", $"kill -KILL {backend} 2>/dev/null || true");
        }

        await Eventually.UntilAsync(() => Task.FromResult(!Commands.IsRunning(postmaster) && !AcceptsConnections()),
            "the killed postmaster to be gone", TimeSpan.FromSeconds(10));
    }

    public async Task CreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ObserverConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await command.ExecuteNonQueryAsync();
    }

    public bool AcceptsConnections()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("localhost", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
        if (File.Exists(pidFile) && Commands.IsRunning(PostmasterPid))
        {
            await Commands.RunAsAsync("postgres", $"{_binDirectory}/pg_ctl", "-D", _dataDirectory, "-m", "immediate", "stop");
        }

        if (Directory.Exists(_root))
        {
            await Privileged.RunAsync("rm", "-rf", _root);
        }
    }
}
