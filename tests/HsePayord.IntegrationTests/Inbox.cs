using Npgsql;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Wolverine's durable inbox (<c>wolverine.wolverine_incoming_envelopes</c> in a module's database) as the positive
/// signal that a message was handled: an envelope is marked <c>Handled</c> only after its unit of work committed,
/// and kept for <c>Retention:HandledMessages</c> after (<see cref="SystemFixture.Retention"/> in the test hosts). "Nothing changed" is asserted only once the message that might have changed it is
/// known to be handled, never after a pause.
/// </summary>
public static class Inbox
{
    /// <summary>Handled envelopes of <typeparamref name="TMessage"/> whose body mentions <paramref name="orderId"/>.</summary>
    public static async Task<long> HandledCountAsync<TMessage>(string database, Guid orderId)
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(database);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM wolverine.wolverine_incoming_envelopes " +
            "WHERE status = 'Handled' AND message_type = $1 AND position(convert_to($2, 'UTF8') IN body) > 0",
            connection)
        {
            Parameters = { new() { Value = typeof(TMessage).FullName! }, new() { Value = orderId.ToString() } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until <paramref name="count"/> envelopes of <typeparamref name="TMessage"/> about the order are handled.</summary>
    public static Task WaitUntilHandledAsync<TMessage>(string database, Guid orderId, int count) =>
        Eventually.UntilAsync(
            () => HandledCountAsync<TMessage>(database, orderId),
            handled => handled >= count,
            $"{count} {typeof(TMessage).Name} about order {orderId} handled in {database}",
            describe: handled => $"{handled} handled");
}
