using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DialStatus.Tests.Infrastructure;

/// <summary>Keeps every structured log entry so tests can check what operators will see.</summary>
public static class CapturedLogs
{
    public static readonly ConcurrentQueue<LogEntry> Entries = new();

    public static ILoggerProvider Provider { get; } = new CapturingProvider();

    public sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Properties);

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), [.. properties]));
        }
    }
}
