namespace DialStatus.Tests.Infrastructure;

/// <summary>Waits for something the app does in the background, within a bound an issue sets.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="check"/> until it holds or <paramref name="within"/> passes; its last value either way.</summary>
    public static async Task<T> HoldsAsync<T>(TimeSpan within, Func<Task<(T Value, bool Holds)>> check)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var (value, holds) = await check();
            if (holds || DateTimeOffset.UtcNow >= deadline)
            {
                return value;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
