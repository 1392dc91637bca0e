using HsePayord.Modules.Orders.Admission;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Orders.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HsePayord.UnitTests.Orders;

public sealed class OrderAdmissionTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly PendingOrders _pending;
    private readonly OrderAdmission _admission;

    public OrderAdmissionTests()
    {
        _pending = new PendingOrders(_clock, Options.Create(new AdmissionOptions
        {
            MinPendingOrders = 10, TargetSettleTime = TimeSpan.FromMilliseconds(500),
        }));
        _admission = new OrderAdmission(_pending);
    }

    [Fact]
    public void A_replica_that_has_settled_nothing_yet_admits_the_minimum_and_refuses_the_next_with_a_retry_time()
    {
        AcceptPending(10);

        using var refused = _admission.AttemptAcquire();

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);
        var overloaded = Assert.Throws<HsePayord.BuildingBlocks.Application.OverloadedException>(_admission.Admit);
        Assert.Equal(retryAfter, overloaded.RetryAfter);
    }

    [Fact]
    public void A_settled_order_makes_room_for_the_next()
    {
        var orders = AcceptPending(10);
        Assert.False(_pending.HasRoom);

        _pending.Settled(orders[0]);

        using var lease = _admission.AttemptAcquire();
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public void The_limit_follows_how_many_orders_settle_in_the_target_time()
    {
        // 200 orders settle every quarter second (800/s) for two seconds: the limit converges on 800/s × 0.5 s.
        for (var interval = 0; interval < 8; interval++)
        {
            foreach (var orderId in AcceptPending(200))
            {
                _pending.Settled(orderId);
            }

            _clock.Advance(TimeSpan.FromMilliseconds(250));
            _ = _pending.SettledPerSecond;
        }

        Assert.InRange(_pending.Limit, 380, 400);
        AcceptPending(_pending.Limit - 1);
        Assert.True(_pending.HasRoom);
        AcceptPending(1);
        Assert.False(_pending.HasRoom);
    }

    [Fact]
    public void When_nothing_settles_any_more_the_limit_falls_back_to_the_minimum()
    {
        foreach (var orderId in AcceptPending(400))
        {
            _pending.Settled(orderId);
        }

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(_pending.Limit > 10);

        for (var interval = 0; interval < 12; interval++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            _ = _pending.SettledPerSecond;
        }

        Assert.Equal(10, _pending.Limit);
    }

    [Fact]
    public void An_order_pending_for_longer_than_a_queue_would_hold_it_is_stuck_and_no_longer_counts()
    {
        AcceptPending(10);
        Assert.False(_pending.HasRoom);

        _clock.Advance(PendingOrders.StuckAfter + TimeSpan.FromSeconds(1));

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
