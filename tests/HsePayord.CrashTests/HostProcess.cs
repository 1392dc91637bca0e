using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HsePayord.CrashTests;

/// <summary>
/// One host (Orders or Payments) as a real process, run from its build output exactly as `dotnet HsePayord.Hosts.X.dll`
/// runs in the container: pre-generated handler code, Production settings. It can be killed with SIGKILL and started
/// again on the same port, database and broker. Like compose's <c>restart: on-failure</c>, it starts the host again when
/// the host stops itself to be restarted (exit code 75, <c>HostExit.RestartRequested</c>) — but only
/// <see cref="MaxSelfRestarts"/> times: unlike compose, a test must not let a host that keeps stopping itself pass.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly string _module;
    private readonly Dictionary<string, string> _environment;
    private readonly string _logFile;
    private readonly Lock _exits = new();
    private readonly List<int> _unrequestedExits = [];
    private Process? _process;
    private Process? _killedByHarness;

    public HostProcess(string module, IReadOnlyDictionary<string, string> connectionStrings, string logFile)
    {
        _module = module;
        _logFile = logFile;
        Port = FreePort();
        BaseAddress = new Uri($"http://localhost:{Port}");
        _environment = connectionStrings.ToDictionary(c => $"ConnectionStrings__{c.Key}", c => c.Value);
        _environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        _environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
    }

    public string Module => _module;

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>How the last run ended: 137 (128 + SIGKILL) after <see cref="CrashAsync"/>.</summary>
    public int? LastExitCode { get; private set; }

    /// <summary>
    /// How often the host may stop itself to be restarted in one test and be started again: a broker connection that
    /// will not recover (ADR 0011) is met at most once per fault. A host that stops itself more often is in a crash
    /// loop, which compose would hide; here it is not started again and the test fails.
    /// </summary>
    public const int MaxSelfRestarts = 1;

    /// <summary>How often the host stopped itself to be restarted and was started again.</summary>
    public int SelfRestarts { get; private set; }

    /// <summary>The exit codes of every time the host ended without the harness killing it (75: it asked for a restart).</summary>
    public IReadOnlyList<int> UnrequestedExits
    {
        get
        {
            lock (_exits)
            {
                return [.. _unrequestedExits];
            }
        }
    }

    /// <summary>Why a restart the host asked for did not happen (over the bound, or the new process did not get ready).</summary>
    public string? RestartFailure { get; private set; }

    private const int RestartRequested = 75;

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly)!,
        };
        start.ArgumentList.Add(HostAssembly);
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(_logFile, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"---- started {DateTime.UtcNow:HH:mm:ss.fff}");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => WriteLine(log, line.Data);
        _process.ErrorDataReceived += (_, line) => WriteLine(log, line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var process = _process;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            log.Dispose();
            if (ReferenceEquals(_killedByHarness, process) || !ReferenceEquals(_process, process))
            {
                return;
            }

            int exits;
            lock (_exits)
            {
                _unrequestedExits.Add(process.ExitCode);
                exits = _unrequestedExits.Count;
            }

            if (process.ExitCode != RestartRequested)
            {
                return;
            }

            if (exits > MaxSelfRestarts)
            {
                RestartFailure = $"the {_module} host stopped itself to be restarted {exits} times, more than the {MaxSelfRestarts} "
                                 + "a test allows; it was not started again";
                return;
            }

            _ = RestartAsync();
        };

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The {_module} host exited with {_process.ExitCode}; see {_logFile}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                return $"ready answered {(int)response.StatusCode}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Refused while it starts, or (on a busy machine) no answer within the client's timeout: not ready yet.
                return exception.Message;
            }
        }, seen => seen == "ready answered 200", $"the {_module} host to be ready", TimeSpan.FromSeconds(90));
    }

    public async Task WaitForReadinessAsync(HttpStatusCode expected)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.UntilAsync(async () =>
        {
            using var response = await http.GetAsync("/health/ready");
            return response.StatusCode;
        }, status => status == expected, $"the {_module} host's readiness to answer {(int)expected}", TimeSpan.FromSeconds(60));
    }

    private async Task RestartAsync()
    {
        SelfRestarts++;
        try
        {
            await StartAsync();
        }
        catch (Exception exception)
        {
            RestartFailure = $"the {_module} host could not be restarted: {exception.Message}";
            await File.AppendAllTextAsync(_logFile, $"---- could not restart: {exception.Message}{Environment.NewLine}");
        }
    }

    /// <summary>SIGKILL: whatever the host held in memory (a batch half handled, envelopes not yet sent) is cut off.</summary>
    public async Task CrashAsync()
    {
        var process = _process ?? throw new InvalidOperationException("Not started");
        _killedByHarness = process;
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
        LastExitCode = process.ExitCode;
        _process = null;
    }

    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process exited while its last lines were still arriving.
            }
        }
    }

    private string HostAssembly
    {
        get
        {
            // tests/HsePayord.CrashTests/bin/<Configuration>/<tfm>/ → src/Hosts/<Module>/bin/<Configuration>/<tfm>/
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
            var repository = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(repository, "src", "Hosts", _module, "bin", configuration, framework, $"HsePayord.Hosts.{_module}.dll");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            _killedByHarness = process;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
