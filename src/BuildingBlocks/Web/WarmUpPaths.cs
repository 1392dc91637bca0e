using HsePayord.BuildingBlocks.Persistence;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HsePayord.BuildingBlocks.Web;

/// <summary>What the modules' warm-ups have in common: paths run without writing anything.</summary>
public static class WarmUpPaths
{
    /// <summary>Sends a command that validation refuses: the whole pipeline up to the validator runs, nothing is stored.</summary>
    public static async Task SendRefusedAsync<TResponse>(ISender sender, ICommand<TResponse> command, CancellationToken cancellationToken)
    {
        try
        {
            await sender.Send(command, cancellationToken);
        }
        catch (FluentValidation.ValidationException)
        {
            // Expected: refused before anything is stored.
        }
    }

    /// <summary>
    /// Runs commands through the whole pipeline as a <see cref="UnitOfWorkRehearsal"/>, in a scope of their own: their
    /// rows and outgoing envelopes are written in one transaction, which is rolled back at the end, and nothing is sent.
    /// </summary>
    public static async Task RehearseAsync(
        IServiceProvider services, Func<ISender, CancellationToken, Task> commands, CancellationToken cancellationToken)
    {
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<UnitOfWorkRehearsal>().Begin();
        try
        {
            await commands(scope.ServiceProvider.GetRequiredService<ISender>(), cancellationToken);
        }
        finally
        {
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().ResetAsync();
        }
    }

    /// <summary>
    /// A user id (and idempotency key) no real user has, so a rehearsal never meets a real account's row or a real
    /// request's key.
    /// </summary>
    public static string RehearsalUserId() => $"warm-up.{Guid.NewGuid():N}";

    /// <summary>Builds the JSON contracts' serialization metadata of the given response types.</summary>
    public static void PrepareJsonContracts(IServiceProvider services, params Type[] responseTypes)
    {
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        foreach (var type in responseTypes)
        {
            json.GetTypeInfo(type);
        }
    }
}
