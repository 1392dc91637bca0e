using System.Text;
using FluentValidation;
using HsePayord.Modules.Operations.FailedMessages;
using HsePayord.Modules.Operations.FaultInjection;
using HsePayord.Modules.Orders.Contracts;
using Wolverine;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace HsePayord.UnitTests.BuildingBlocks;

public sealed class OperationsTests
{
    private static readonly PaymentRequested Request = new(Guid.NewGuid(), "alice", 5, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_permanent_fault_fails_the_claimed_message_on_every_attempt_until_cleared_and_spares_the_others()
    {
        var faults = new FaultInjector(TimeProvider.System);
        faults.Arm(typeof(PaymentRequested), FaultKind.Permanent, count: 1, "op");
        var other = Request with { OrderId = Guid.NewGuid() };

        Assert.Throws<InjectedPermanentFaultException>(() => Handle(faults, Request, other));
        Handle(faults, other);
        Assert.Throws<InjectedPermanentFaultException>(() => Handle(faults, Request with { }));
        Assert.Equal(1, Assert.Single(faults.Armed()).Claimed);

        faults.Clear();
        Handle(faults, Request);
    }

    [Fact]
    public void A_transient_fault_times_out_the_first_attempts_then_lets_the_message_through()
    {
        var faults = new FaultInjector(TimeProvider.System);
        faults.Arm(typeof(PaymentRequested), FaultKind.Transient, count: 1, "op");

        for (var attempt = 0; attempt < FaultInjector.TransientFailuresPerMessage; attempt++)
        {
            Assert.Throws<TimeoutException>(() => Handle(faults, Request));
        }

        Handle(faults, Request);
    }

    private static void Handle(FaultInjector faults, params object[] batch) =>
        FaultInjectionMiddleware.Before(new Envelope(batch), faults);

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    public void A_selection_names_exactly_one_of_ids_filter_or_all(bool ids, bool filter, bool all)
    {
        var selection = new DeadLetterSelection(ids ? [Guid.NewGuid()] : null, filter ? new DeadLetterFilter() : null, all ? true : null);

        var error = Assert.Throws<ValidationException>(selection.Validate);
        Assert.Equal("selection", Assert.Single(error.Errors).PropertyName);
    }

    [Fact]
    public void A_filter_becomes_a_wolverine_query_that_excludes_or_selects_archived_messages()
    {
        var filter = new DeadLetterFilter(MessageType: "T", ExceptionMessage: "boom", Endpoint: "rabbitmq://queue/q", FailureGroup: " ");

        var live = filter.ToQuery(archived: false);
        var archived = filter.ToQuery(archived: true);

        Assert.Equal(("T", "rabbitmq://queue/q", null), (live.MessageType, live.ReceivedAt, live.FailureGroup));
        Assert.Equal(DeadLetterMessageMatch.Contains, live.ExceptionMessageMatch);
        Assert.Equal(DeadLetterArchiveFilter.Exclude, live.Archived);
        Assert.Equal(DeadLetterArchiveFilter.Only, archived.Archived);
        Assert.Equal("messageType=T, exceptionMessage=boom, endpoint=rabbitmq://queue/q", filter.Describe());
    }

    [Theory]
    [InlineData("{\"a\":1}", "json", "{\n  \"a\": 1\n}")]
    [InlineData("not json", "text", "not json")]
    [InlineData("", "empty", "")]
    public void A_body_is_shown_pretty_printed_when_it_is_json(string body, string format, string text)
    {
        var shown = MessageBody.Show(Encoding.UTF8.GetBytes(body));

        Assert.Equal(format, shown.Format);
        Assert.Equal(text, shown.Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_binary_body_is_shown_as_base64()
    {
        Assert.Equal(new MessageBody("base64", "/w=="), MessageBody.Show([0xFF]));
    }
}
