using System.Net;
using System.Net.Http.Json;

namespace HsePayord.IntegrationTests;

[Collection(SystemCollection.Name)]
public sealed class IdempotencyTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task Repeating_an_order_with_the_same_key_returns_the_first_response_and_creates_one_order()
    {
        var user = Api.NewUserId();
        var body = $$"""{"userId":"{{user}}","amount":12.5,"description":"once"}""";
        var key = Guid.NewGuid().ToString();

        using var first = await ContractErrorTests.PostJsonAsync(system.Orders, "/api/orders", body, key);
        using var second = await ContractErrorTests.PostJsonAsync(system.Orders, "/api/orders", body, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Single(await _api.ListOrdersAsync(user));
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_key_create_one_order()
    {
        var user = Api.NewUserId();
        var body = $$"""{"userId":"{{user}}","amount":3}""";
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => ContractErrorTests.PostJsonAsync(system.Orders, "/api/orders", body, key)));

        var orderIds = new HashSet<Guid>();
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, response.StatusCode.ToString());
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    orderIds.Add((await response.Content.ReadFromJsonAsync<OrderJson>(Api.Json))!.OrderId);
                }
            }
        }

        Assert.Single(orderIds);
        Assert.Single(await _api.ListOrdersAsync(user));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_a_422_and_changes_nothing()
    {
        var user = Api.NewUserId();
        var key = Guid.NewGuid().ToString();
        using var first = await ContractErrorTests.PostJsonAsync(system.Orders, "/api/orders", $$"""{"userId":"{{user}}","amount":1}""", key);
        using var other = await ContractErrorTests.PostJsonAsync(system.Orders, "/api/orders", $$"""{"userId":"{{user}}","amount":2}""", key);

        await ContractErrorTests.AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        Assert.Single(await _api.ListOrdersAsync(user));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789x")]
    public async Task A_malformed_key_is_a_400(string key)
    {
        var user = Api.NewUserId();
        using var response = await ContractErrorTests.PostJsonAsync(system.Orders, "/api/orders", $$"""{"userId":"{{user}}","amount":1}""", key);

        await ContractErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await _api.ListOrdersAsync(user));
    }

    [Fact]
    public async Task Repeating_a_deposit_with_the_same_key_deposits_once()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user);
        var key = Guid.NewGuid().ToString();
        var path = $"/api/payments/accounts/{user}/deposits";

        var responses = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => ContractErrorTests.PostJsonAsync(system.Payments, path, """{"amount":40}""", key)));
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(new AccountJson(user, 40), await response.Content.ReadFromJsonAsync<AccountJson>(Api.Json));
            }
        }

        using var different = await ContractErrorTests.PostJsonAsync(system.Payments, path, """{"amount":41}""", key);
        await ContractErrorTests.AssertProblemAsync(different, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(40m, await _api.BalanceAsync(user));
    }
}
