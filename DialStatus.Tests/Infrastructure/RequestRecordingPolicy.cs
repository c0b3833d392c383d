using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace DialStatus.Tests.Infrastructure;

/// <summary>Observes every request the Table client sends to storage (nothing is changed).</summary>
public sealed class RequestRecordingPolicy : HttpPipelineSynchronousPolicy
{
    public ConcurrentQueue<(string Method, Uri Uri)> Requests { get; } = new();

    public override void OnSendingRequest(HttpMessage message) =>
        Requests.Enqueue((message.Request.Method.ToString(), message.Request.Uri.ToUri()));
}
