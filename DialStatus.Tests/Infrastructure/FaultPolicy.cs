using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// Fails the storage requests the test picks (method and unescaped path, such as one table's deletes) as a storage
/// that stopped answering them would, until the test turns it off.
/// </summary>
public sealed class FaultPolicy(Func<RequestMethod, string, bool> fails) : HttpPipelinePolicy
{
    public bool On { get; set; } = true;

    private int _failed;

    /// <summary>How many requests it failed.</summary>
    public int Failed => _failed;

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Fail(message);
        return ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Fail(message);
        ProcessNext(message, pipeline);
    }

    /// <summary>Deletes in <paramref name="table"/> (whose PartitionKey starts with <paramref name="partitionKeyPrefix"/>, when given).</summary>
    public static FaultPolicy Deletes(string table, string partitionKeyPrefix = "") =>
        new((method, path) => method == RequestMethod.Delete && path.Contains($"/{table}(PartitionKey='{partitionKeyPrefix}", StringComparison.Ordinal));

    private void Fail(HttpMessage message)
    {
        if (On && fails(message.Request.Method, Uri.UnescapeDataString(message.Request.Uri.Path)))
        {
            Interlocked.Increment(ref _failed);
            // A 503 thrown by the pipeline, which the client's retries pass on: the app sees storage failing.
            throw new RequestFailedException(503, "Injected fault: the storage service is unavailable.", "ServerBusy", null);
        }
    }
}
