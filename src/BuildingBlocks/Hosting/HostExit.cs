using JasperFx;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HsePayord.BuildingBlocks.Hosting;

/// <summary>
/// How the host's process ends, for whatever supervises it (compose's <c>restart: on-failure</c>, run-local.sh): a part
/// of the host that meets a fault only a fresh process clears stops the host through <see cref="RequestRestart"/>.
/// </summary>
public sealed class HostExit(IHostApplicationLifetime lifetime)
{
    /// <summary>EX_TEMPFAIL (sysexits.h): stopped to be started again.</summary>
    public const int RestartRequested = 75;

    public int ExitCode { get; private set; }

    public void RequestRestart()
    {
        ExitCode = RestartRequested;
        lifetime.StopApplication();
    }
}

public static class HostExitExtensions
{
    /// <summary>
    /// Runs the host, ending with the exit code <see cref="HostExit"/> was asked for if the host stopped itself. Given
    /// arguments, it runs them through JasperFx's command line, which adds Wolverine's tooling (e.g. <c>codegen
    /// write</c>). A plain start skips that command line: it scans the loaded assemblies for commands first, ~100 ms of
    /// every start (docs/performance-history.md, ninth pass).
    /// </summary>
    public static async Task<int> RunHostAsync(this WebApplication app, string[] args)
    {
        // Resolved before the run: once the host has stopped, its service provider is disposed.
        var hostExit = app.Services.GetRequiredService<HostExit>();
        if (args.Length > 0)
        {
            var exitCode = await app.RunJasperFxCommands(args);
            return exitCode != 0 ? exitCode : hostExit.ExitCode;
        }

        await app.RunAsync();
        return hostExit.ExitCode;
    }
}
