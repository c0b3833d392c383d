using Azure.Core;
using Azure.Core.Pipeline;

namespace DialStatus.Tests.Infrastructure;

/// <summary>Injects latency into every request the Table client sends: storage that answers, but too slowly (until the test says otherwise).</summary>
public sealed class DelayPolicy(TimeSpan delay) : HttpPipelinePolicy
{
    public TimeSpan Delay { get; set; } = delay;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await Task.Delay(Delay, message.CancellationToken);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
