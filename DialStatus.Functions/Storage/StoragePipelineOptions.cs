using Azure.Core.Pipeline;

namespace DialStatus.Functions.Storage;

/// <summary>
/// Extra HTTP pipeline policies for the Table client, run on every attempt: how the tests and the
/// load tool observe requests or inject faults (latency, errors) into real storage traffic.
/// </summary>
internal sealed class StoragePipelineOptions
{
    public List<HttpPipelinePolicy> PerRetryPolicies { get; } = [];
}
