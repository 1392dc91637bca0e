using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HsePayord.CrashTests;

/// <summary>
/// Shoppers placing orders at a steady rate the way a careful client does: every order has its own Idempotency-Key
/// and is sent again with the same key until the API answers 202, so an order whose answer was lost in a crash is
/// neither lost nor placed twice. Whatever was accepted is what the books must account for.
/// </summary>
public sealed class OrderLoad : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _orders;
    private readonly IReadOnlyList<string> _users;
    private readonly CancellationTokenSource _stopPlacing = new();
    private readonly ConcurrentBag<Task> _inFlight = [];
    private readonly Task _placing;
    private int _failedAttempts;
    private int _shed;

    public OrderLoad(Uri ordersHost, IReadOnlyList<string> users, int ordersPerSecond)
    {
        _orders = new HttpClient { BaseAddress = ordersHost, Timeout = TimeSpan.FromSeconds(10) };
        _users = users;
        _placing = PlaceAsync(ordersPerSecond);
    }

    public ConcurrentDictionary<Guid, AcceptedOrder> Accepted { get; } = new();

    /// <summary>Attempts that got no 202 (refused connection, 503, timeout) and were sent again: the fault, seen by a client.</summary>
    public int FailedAttempts => _failedAttempts;

    /// <summary>Attempts refused with 429 by admission control (included in <see cref="FailedAttempts"/>).</summary>
    public int Shed => _shed;

    public async Task WaitForAcceptedAsync(int count) =>
        await Eventually.UntilAsync(() => Task.FromResult(Accepted.Count), accepted => accepted >= count,
            $"{count} orders accepted", TimeSpan.FromSeconds(60));

    /// <summary>Stops placing new orders and waits until every order already begun has been accepted.</summary>
    public async Task StopAsync()
    {
        await _stopPlacing.CancelAsync();
        await _placing;
        await Task.WhenAll(_inFlight).WaitAsync(TimeSpan.FromSeconds(120));
    }

    private async Task PlaceAsync(int ordersPerSecond)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / ordersPerSecond));
        var sequence = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopPlacing.Token))
            {
                var user = _users[sequence % _users.Count];
                var amount = 1m + sequence % 7;
                sequence++;
                _inFlight.Add(Task.Run(() => PlaceOneAsync(user, amount)));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PlaceOneAsync(string user, decimal amount)
    {
        var key = Guid.NewGuid().ToString();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var backOff = TimeSpan.FromMilliseconds(250);
        var lastFailure = "";
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                {
                    Content = JsonContent.Create(new { userId = user, amount }),
                };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await _orders.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var order = (await response.Content.ReadFromJsonAsync<AcceptedOrder>(Json))!;
                    Accepted[order.OrderId] = order;
                    return;
                }

                // 429 (admission control shedding load while payments lag) and 5xx are retried; anything else is a bug.
                lastFailure = $"{(int)response.StatusCode}";
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref _shed);
                }
                else if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException(
                        $"POST /api/orders answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                lastFailure = exception.GetType().Name;
            }

            Interlocked.Increment(ref _failedAttempts);
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"An order of {user} was not accepted within two minutes (last answer: {lastFailure})");
            }

            // Exponential back-off with jitter, as a careful client retries: a crowd retrying in lockstep is a load test.
            await Task.Delay(backOff * (0.5 + Random.Shared.NextDouble()));
            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopPlacing.CancelAsync();
        _orders.Dispose();
        _stopPlacing.Dispose();
    }
}

public sealed record AcceptedOrder(Guid OrderId, string UserId, decimal Amount);
