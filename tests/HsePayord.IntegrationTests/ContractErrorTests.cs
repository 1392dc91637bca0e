using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HsePayord.IntegrationTests;

/// <summary>Every error the contract names is an RFC 9457 problem with status, title and detail; bad input is never a 500.</summary>
[Collection(SystemCollection.Name)]
public sealed class ContractErrorTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    public static TheoryData<string, string> BadOrderBodies => new()
    {
        { """{"userId":"alice","amount":0}""", "amount" },
        { """{"userId":"alice","amount":-5}""", "amount" },
        { """{"userId":"alice","amount":1.234}""", "amount" },
        { """{"userId":"alice","amount":1000000.01}""", "amount" },
        { """{"userId":"alice","amount":"5"}""", "amount" },
        { """{"userId":"alice"}""", "amount" },
        { """{"userId":"","amount":5}""", "userId" },
        { """{"userId":"has space","amount":5}""", "userId" },
        { """{"userId":"toolong-toolong-toolong-toolong-toolong-toolong-toolong-toolong-x","amount":5}""", "userId" },
        { """{"userId":42,"amount":5}""", "userId" },
        { """{"amount":5}""", "userId" },
        { """{"userId":"alice","amount":5,"description":"DESCRIPTION"}""".Replace("DESCRIPTION", new string('d', 201), StringComparison.Ordinal), "description" },
        { """{"userId":"alice","amount":5,"description":7}""", "description" },
    };

    [Theory]
    [MemberData(nameof(BadOrderBodies))]
    public async Task Creating_an_order_with_bad_input_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await PostJsonAsync(system.Orders, "/api/orders", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public async Task Malformed_json_is_a_400_problem(string body)
    {
        using var orders = await PostJsonAsync(system.Orders, "/api/orders", body);
        await AssertProblemAsync(orders, HttpStatusCode.BadRequest);

        using var accounts = await PostJsonAsync(system.Payments, "/api/payments/accounts", body);
        await AssertProblemAsync(accounts, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"amount":0}""")]
    [InlineData("""{"amount":0.001}""")]
    [InlineData("""{"amount":2000000}""")]
    [InlineData("""{"amount":"10"}""")]
    [InlineData("""{"amount":true}""")]
    [InlineData("""{}""")]
    public async Task A_bad_deposit_amount_is_a_400_naming_amount(string body)
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user);

        using var response = await PostJsonAsync(system.Payments, $"/api/payments/accounts/{user}/deposits", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _), problem.ToString());
        Assert.Equal(0m, await _api.BalanceAsync(user));
    }

    [Theory]
    [InlineData("""{"userId":"bad user"}""")]
    [InlineData("""{"userId":""}""")]
    [InlineData("""{"userId":null}""")]
    [InlineData("""{}""")]
    public async Task Creating_an_account_with_a_bad_user_id_is_a_400(string body)
    {
        using var response = await PostJsonAsync(system.Payments, "/api/payments/accounts", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Creating_an_existing_account_is_a_409()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user);

        using var response = await system.Payments.PostAsJsonAsync("/api/payments/accounts", new { userId = user });
        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Creating_an_account_answers_201_with_its_location_and_a_zero_balance()
    {
        var user = Api.NewUserId();
        using var response = await system.Payments.PostAsJsonAsync("/api/payments/accounts", new { userId = user });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/payments/accounts/{user}", response.Headers.Location?.OriginalString);
        Assert.Equal(new AccountJson(user, 0), await response.Content.ReadFromJsonAsync<AccountJson>(Api.Json));
    }

    [Fact]
    public async Task A_deposit_answers_with_the_balance_after_it()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 100.25m);

        Assert.Equal(new AccountJson(user, 250.75m), await _api.DepositAsync(user, 150.5m));
        var json = await system.Payments.GetStringAsync($"/api/payments/accounts/{user}");
        Assert.Contains("\"balance\":250.75", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/payments/accounts/nobody-has-this-account")]
    [InlineData("/api/orders/7d0f6a5e-0000-4000-8000-000000000000")]
    [InlineData("/api/orders/not-a-uuid")]
    public async Task Unknown_resources_are_404_problems(string path)
    {
        var host = path.StartsWith("/api/orders", StringComparison.Ordinal) ? system.Orders : system.Payments;
        using var response = await host.GetAsync(path);
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Depositing_to_an_unknown_account_is_a_404()
    {
        using var response = await system.Payments.PostAsJsonAsync("/api/payments/accounts/nobody-here/deposits", new { amount = 5 });
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/orders")]
    [InlineData("/api/orders?userId=")]
    [InlineData("/api/orders?userId=bad%20user")]
    public async Task Listing_orders_without_a_valid_user_id_is_a_400(string path)
    {
        using var response = await system.Orders.GetAsync(path);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Orders_are_listed_newest_first_with_the_contract_shape()
    {
        var user = Api.NewUserId();
        var first = await _api.CreateOrderAsync(user, 1, "first");
        var second = await _api.CreateOrderAsync(user, 2);

        var json = await system.Orders.GetStringAsync($"/api/orders?userId={user}");
        var orders = JsonSerializer.Deserialize<List<OrderJson>>(json, Api.Json)!;

        Assert.Equal([second.OrderId, first.OrderId], orders.Select(o => o.OrderId));
        using var document = JsonDocument.Parse(json);
        var names = document.RootElement[0].EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(
            ["orderId", "userId", "amount", "description", "status", "failureReason", "createdAt", "updatedAt"], names);
        Assert.EndsWith("Z", document.RootElement[0].GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_an_order_answers_202_with_its_location()
    {
        using var response = await system.Orders.PostAsJsonAsync("/api/orders", new { userId = Api.NewUserId(), amount = 25 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var order = (await response.Content.ReadFromJsonAsync<OrderJson>(Api.Json))!;
        Assert.Equal($"/api/orders/{order.OrderId}", response.Headers.Location?.OriginalString);
        Assert.Equal("PaymentPending", order.Status);
        Assert.Null(order.Description);
    }

    internal static async Task<HttpResponseMessage> PostJsonAsync(HttpClient host, string path, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await host.SendAsync(request);
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
