namespace DialStatus.Tests.Infrastructure;

/// <summary>A clock the test sets, so records can be received on chosen days.</summary>
public sealed class SettableTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
