namespace HsePayord.Testing;

/// <summary>
/// The one way the tests wait for an asynchronous system: poll a condition until it holds or a deadline passes, and
/// then fail with what was awaited and the last thing seen. A fixed sleep is never a proof.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string awaited)
    {
        await UntilAsync(async () => await condition() ? (true, "") : (false, "not yet"), timeout, awaited);
    }

    /// <summary>Polls until <paramref name="probe"/> says done; its description of the state goes into the failure.</summary>
    public static async Task UntilAsync(Func<Task<(bool Done, string State)>> probe, TimeSpan timeout, string awaited)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (done, state) = await probe();
            if (done)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {awaited}; last seen: {state}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls <paramref name="read"/> until its value satisfies <paramref name="accept"/>, and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan timeout, string awaited)
    {
        T value = default!;
        await UntilAsync(async () =>
        {
            value = await read();
            return (accept(value), value?.ToString() ?? "null");
        }, timeout, awaited);
        return value;
    }
}
