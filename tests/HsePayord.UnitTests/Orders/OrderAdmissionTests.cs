using System.Threading.RateLimiting;
using HsePayord.BuildingBlocks.Application;
using HsePayord.Modules.Orders.Admission;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Orders.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HsePayord.UnitTests.Orders;

public sealed class OrderAdmissionTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly PendingOrders _pending;
    private readonly OrderAdmission _admission;

    public OrderAdmissionTests()
    {
        var options = Options.Create(new AdmissionOptions
        {
            MinPendingOrders = 10, TargetSettleTime = TimeSpan.FromMilliseconds(500), MaxPlacingAtOnce = 2, MaxWaitingToPlace = 1,
        });
        _pending = new PendingOrders(_clock, options);
        _admission = new OrderAdmission(_pending, options);
    }

    public void Dispose() => _admission.Dispose();

    [Fact]
    public void Up_to_the_minimum_unsettled_orders_are_admitted_however_long_they_wait()
    {
        AcceptPending(9);
        _clock.Advance(TimeSpan.FromSeconds(5));

        using var lease = _admission.CreateLimiter().AttemptAcquire();

        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public void Beyond_the_minimum_orders_are_admitted_while_the_oldest_has_waited_less_than_the_target()
    {
        AcceptPending(50);
        _clock.Advance(TimeSpan.FromMilliseconds(400));
        AcceptPending(50);

        using var lease = _admission.CreateLimiter().AttemptAcquire();

        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task When_the_oldest_has_waited_longer_than_the_target_the_next_order_is_refused_with_a_retry_time()
    {
        AcceptPending(10);
        _clock.Advance(TimeSpan.FromMilliseconds(600));

        using var refused = _admission.CreateLimiter().AttemptAcquire();

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);
        var overloaded = await Assert.ThrowsAsync<OverloadedException>(() => _admission.AdmitAsync(CancellationToken.None).AsTask());
        Assert.Equal(retryAfter, overloaded.RetryAfter);
    }

    [Fact]
    public async Task Beyond_the_orders_placed_at_once_one_waits_its_turn_and_the_next_is_refused_at_once()
    {
        var first = await _admission.AdmitAsync(CancellationToken.None);
        using var second = await _admission.AdmitAsync(CancellationToken.None);

        var waiting = _admission.AdmitAsync(CancellationToken.None).AsTask();
        var overloaded = await Assert.ThrowsAsync<OverloadedException>(() => _admission.AdmitAsync(CancellationToken.None).AsTask());
        Assert.True(overloaded.RetryAfter > TimeSpan.Zero);
        Assert.False(waiting.IsCompleted);

        first.Dispose();
        using var third = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(third.IsAcquired);
    }

    [Fact]
    public async Task A_limiter_the_rate_limiting_middleware_disposed_when_idle_leaves_the_count_of_orders_being_placed_intact()
    {
        using var placing = await _admission.AdmitAsync(CancellationToken.None);
        var idle = _admission.CreateLimiter();
        using (var lease = await idle.AcquireAsync())
        {
            Assert.True(lease.IsAcquired);
        }

        idle.Dispose();

        using var next = await _admission.CreateLimiter().AcquireAsync();
        Assert.True(next.IsAcquired);
        using var beyond = _admission.CreateLimiter().AttemptAcquire();
        Assert.False(beyond.IsAcquired);
    }

    [Fact]
    public void Once_the_late_orders_settle_orders_are_admitted_again()
    {
        var late = AcceptPending(10);
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        var recent = AcceptPending(20);
        Assert.False(_pending.HasRoom);

        foreach (var orderId in late)
        {
            _pending.Settled(orderId);
        }

        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(recent.Count, _pending.Count);
        Assert.True(_pending.HasRoom);
    }

    [Fact]
    public void An_order_pending_for_longer_than_a_queue_would_hold_it_is_stuck_and_no_longer_counts()
    {
        AcceptPending(10);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_pending.HasRoom);

        _clock.Advance(PendingOrders.StuckAfter);

        Assert.True(_pending.HasRoom);
        Assert.Equal(0, _pending.Count);
    }

    [Fact]
    public void A_repeated_request_answered_with_an_order_already_settled_is_not_pending()
    {
        var order = Order.Place(Guid.NewGuid(), "alice", 5m, null, _clock.GetUtcNow());
        order.MarkPaid(_clock.GetUtcNow());

        _pending.Accepted(OrderResponse.From(order));

        Assert.Equal(0, _pending.Count);
    }

    private List<Guid> AcceptPending(int count)
    {
        var orderIds = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var order = Order.Place(Guid.NewGuid(), "alice", 5m, null, _clock.GetUtcNow());
            _pending.Accepted(OrderResponse.From(order));
            orderIds.Add(order.OrderId);
        }

        return orderIds;
    }
}
