using System.Net;
using System.Text.Json;

namespace HsePayord.IntegrationTests;

[Collection(SystemCollection.Name)]
public sealed class HostTests(SystemFixture system)
{
    [Theory]
    [InlineData("orders", "/health/live")]
    [InlineData("orders", "/health/ready")]
    [InlineData("payments", "/health/live")]
    [InlineData("payments", "/health/ready")]
    public async Task Health_endpoints_answer_200_while_database_and_broker_are_reachable(string host, string path)
    {
        using var response = await Host(host).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("orders", new[] { "/api/orders", "/api/orders/{orderId}" })]
    [InlineData("payments", new[] { "/api/payments/accounts", "/api/payments/accounts/{userId}", "/api/payments/accounts/{userId}/deposits" })]
    public async Task The_openapi_document_describes_every_route_of_the_contract(string host, string[] paths)
    {
        using var document = JsonDocument.Parse(await Host(host).GetStringAsync("/openapi/v1.json"));

        var documented = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Subset(documented, paths.ToHashSet());
    }

    private HttpClient Host(string name) => name == "orders" ? system.Orders : system.Payments;
}
