namespace HsePayord.Testing;

/// <summary>
/// The one way the tests wait for something asynchronous: poll until a condition holds, or fail with
/// a message saying what was awaited and what was last seen. A wait is never a proof by itself; it only ends once
/// the awaited thing is observed.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads <paramref name="probe"/> until <paramref name="done"/> accepts it, and returns that value.</summary>
    /// <param name="awaited">What is being waited for, for the failure message.</param>
    /// <param name="describe">How the last value read is shown in the failure message.</param>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, string awaited, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {awaited}; last seen: {(describe ?? Show)(value)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null) =>
        UntilAsync(condition, done => done, awaited, timeout, _ => "not yet");

    private static string Show<T>(T value) => value?.ToString() ?? "null";
}
