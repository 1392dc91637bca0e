using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Overload is shed before anything is accepted: with payments held up, the replica (which always admits
/// <see cref="SystemFixture.ReplicaAdmissionMinimum"/> unsettled orders, and more only while orders settle within
/// half a second) refuses the next order
/// with 429, problem+json and Retry-After, places nothing for it, and admits orders again once the backlog settles.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AdmissionTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task More_unsettled_orders_than_settle_in_time_are_refused_with_429_and_Retry_After_and_nothing_is_lost()
    {
        var ops = OpsClient.Payments(system);
        var user = Api.NewUserId("admission");
        await _api.CreateAccountAsync(user, deposit: 100);
        var accepted = new List<Guid>();
        await ops.PostAsync("/listeners/pause", new { queue = "payments.payment-requests" });
        try
        {
            // As many unsettled orders as the replica always admits…
            for (var i = 0; i < SystemFixture.ReplicaAdmissionMinimum; i++)
            {
                using var response = await system.OrdersReplica.PostAsJsonAsync("/api/orders", new { userId = user, amount = 1 });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add((await response.Content.ReadFromJsonAsync<OrderJson>(Api.Json))!.OrderId);
            }

            // …then none settles within the target settle time (0.5 s): the settle path is behind, the next is shed.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var refused = await system.OrdersReplica.PostAsJsonAsync("/api/orders", new { userId = user, amount = 1 });
            using (refused)
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without Retry-After");
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(429, problem.GetProperty("status").GetInt32());
                Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
            }

            // The hub's CreateOrder is admitted the same way, and says so with the same problem.
            await using (var live = await LiveUpdateTests.LiveClient.ConnectAsync(system, user, system.OrdersReplica))
            {
                var error = await Assert.ThrowsAsync<HubException>(
                    () => live.Connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 1m }));
                Assert.Equal(429, HubProblem.From(error).Status);
            }

            Assert.Equal(accepted.Count, (await _api.ListOrdersAsync(user)).Count);
        }
        finally
        {
            await ops.PostAsync("/listeners/resume", new { queue = "payments.payment-requests" });
        }

        var settled = await _api.WaitUntilAllFinalAsync(user, accepted.Count);
        Assert.All(settled, order => Assert.Equal("Paid", order.Status));
        Assert.Equal(100 - accepted.Count, await _api.BalanceAsync(user));

        // The backlog settled: the replica takes orders again.
        var next = await Eventually.UntilAsync(
            async () =>
            {
                using var response = await system.OrdersReplica.PostAsJsonAsync("/api/orders", new { userId = user, amount = 1 });
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Accepted,
            "the replica to admit orders again once its backlog settled",
            // Sooner than a stuck order stops counting: the replica saw them settle.
            TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.Accepted, next);
    }
}
