using System.Net.Sockets;

namespace HsePayord.CrashTests;

/// <summary>
/// A RabbitMQ node of the crash tests' own (own node name, ports and data folder, no plugins), so that killing its
/// Erlang VM harms nothing else on the machine. It runs as the rabbitmq user, whose Erlang cookie rabbitmqctl shares.
/// </summary>
public sealed class RabbitMqNode : IBroker, IAsyncDisposable
{
    private const string ServiceUser = "rabbitmq";
    private const string ServiceHome = "/var/lib/rabbitmq";
    private const string Binaries = "/usr/lib/rabbitmq/bin";
    private readonly string _root;

    public RabbitMqNode(string name, int amqpPort)
    {
        AmqpPort = amqpPort;
        NodeName = $"{name.Replace("-", "", StringComparison.Ordinal)}@localhost";
        _root = Path.Combine(Path.GetTempPath(), name, "rabbitmq");
    }

    public int AmqpPort { get; }

    public string NodeName { get; }

    /// <summary>The Erlang VM's process id, as the node wrote it into its pid file.</summary>
    public int VmPid => int.Parse(File.ReadAllText(Path.Combine(_root, "pid")).Trim());

    public string AmqpUri(string vhost) => $"amqp://guest:guest@localhost:{AmqpPort}/{vhost}";

    public async Task InitializeAsync()
    {
        await DisposeAsync();
        await Privileged.RunAsync("mkdir", "-p", _root);
        await File.WriteAllTextAsync(Path.Combine(_root, "enabled_plugins"), "[].");
        await Privileged.RunAsync("chown", "-R", ServiceUser, _root);
        await StartAsync();
    }

    public async Task StartAsync()
    {
        // Started through a shell that detaches it: the node must outlive nothing but itself, and its output goes to
        // its own log folder.
        var environment = string.Join(' ',
            $"HOME={ServiceHome}",
            $"RABBITMQ_NODENAME={NodeName}",
            $"RABBITMQ_NODE_PORT={AmqpPort}",
            $"RABBITMQ_DIST_PORT={AmqpPort + 20000}",
            $"RABBITMQ_MNESIA_BASE={_root}/mnesia",
            $"RABBITMQ_LOG_BASE={_root}/log",
            $"RABBITMQ_ENABLED_PLUGINS_FILE={_root}/enabled_plugins",
            $"RABBITMQ_PID_FILE={_root}/pid");
        await Commands.RunAsAsync(ServiceUser, "sh", "-c",
            $"env {environment} setsid {Binaries}/rabbitmq-server >>{_root}/server.log 2>&1 </dev/null &");
        await ControlAsync("wait", "--timeout", "120", $"{_root}/pid");
        await ControlAsync("await_startup", "--timeout", "120");
    }

    /// <summary>A crash: SIGKILL of the Erlang VM, so unconfirmed publishes and unacknowledged deliveries are cut off.</summary>
    public async Task CrashAsync()
    {
        var vm = VmPid;
        await Privileged.RunAsync("kill", "-KILL", vm.ToString());
        await Eventually.UntilAsync(() => Task.FromResult(!Commands.IsRunning(vm) && !AcceptsConnections()),
            "the killed RabbitMQ node to be gone", TimeSpan.FromSeconds(10));
    }

    /// <summary>A polite outage: the broker application stops, the Erlang VM stays up.</summary>
    public Task StopApplicationAsync() => ControlAsync("stop_app");

    public Task StartApplicationAsync() => ControlAsync("start_app");

    public async Task AddVirtualHostAsync(string vhost)
    {
        await ControlAsync("add_vhost", vhost);
        await ControlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    /// <summary>Makes this (fresh) node a member of <paramref name="existing"/>'s cluster.</summary>
    public async Task JoinClusterAsync(RabbitMqNode existing)
    {
        await ControlAsync("stop_app");
        await ControlAsync("join_cluster", existing.NodeName);
        await ControlAsync("start_app");
    }

    public bool AcceptsConnections()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("localhost", AmqpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>rabbitmqctl against this node; returns what it printed.</summary>
    public Task<string> ControlAsync(params string[] arguments) =>
        Commands.RunAsAsync(ServiceUser, "env", [$"HOME={ServiceHome}", $"{Binaries}/rabbitmqctl", "-n", NodeName, .. arguments]);

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(_root, "pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var vm) && Commands.IsRunning(vm))
        {
            await Privileged.RunAsync("kill", "-KILL", vm.ToString());
        }

        if (Directory.Exists(_root))
        {
            await Privileged.RunAsync("rm", "-rf", _root);
        }
    }
}
