using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.IntegrationTests;

/// <summary>
/// The Traefik routes in docker/compose.yaml (read by tests/deployment/routes.mjs) against the routes the running
/// hosts really serve: every public route reaches its own host, and no gateway prefix leads nowhere.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class GatewayRoutingTests(SystemFixture system)
{
    [Theory]
    [InlineData("orders")]
    [InlineData("payments")]
    public async Task Every_public_route_of_a_host_is_routed_to_that_host_by_the_gateway(string service)
    {
        var gateway = await GatewayRoutesAsync();
        var routes = PublicRoutes(Services(service));
        Assert.NotEmpty(gateway);
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            var target = gateway.Where(p => IsUnder(route, p.Key)).Select(p => p.Value).Distinct().ToList();
            Assert.True(target.SequenceEqual([service]), $"{route} of {service} is routed to [{string.Join(", ", target)}]");
        }
    }

    [Fact]
    public async Task Every_gateway_prefix_leads_to_routes_its_service_serves()
    {
        var gateway = await GatewayRoutesAsync();
        Assert.NotEmpty(gateway);

        foreach (var (prefix, service) in gateway)
        {
            Assert.Contains(PublicRoutes(Services(service)), route => IsUnder(route, prefix));
        }
    }

    private IServiceProvider Services(string service) => service switch
    {
        "orders" => system.OrdersServices,
        "payments" => system.PaymentsServices,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "No such host"),
    };

    /// <summary>The API as the OpenAPI document and the hubs expose it; health and API docs stay inside.</summary>
    private static List<string> PublicRoutes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ITagsMetadata>() is not null || e.Metadata.GetMetadata<HubMetadata>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .ToList();

    private static bool IsUnder(string route, string prefix) =>
        route.Equals(prefix, StringComparison.Ordinal) || route.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>prefix → compose service, from the compose file's Traefik labels.</summary>
    private static async Task<Dictionary<string, string>> GatewayRoutesAsync()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "HsePayord.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Repository root not found");
        }

        using var node = Process.Start(new ProcessStartInfo("node", ["tests/deployment/routes.mjs"])
        {
            WorkingDirectory = repository.FullName, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"routes.mjs failed (run npm ci in tests/deployment): {await node.StandardError.ReadToEndAsync()}");

        return JsonSerializer.Deserialize<Dictionary<string, string[]>>(output)!
            .SelectMany(service => service.Value.Select(prefix => (prefix, service.Key)))
            .ToDictionary(p => p.prefix, p => p.Key);
    }
}
