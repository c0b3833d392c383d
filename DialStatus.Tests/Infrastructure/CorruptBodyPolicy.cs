using Azure.Core;
using Azure.Core.Pipeline;

namespace DialStatus.Tests.Infrastructure;

/// <summary>Replaces the body of every write with garbage, so that real storage refuses it with a 400.</summary>
public sealed class CorruptBodyPolicy : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.Request.Content is not null)
        {
            message.Request.Content = RequestContent.Create("{ this is not an entity"u8.ToArray());
        }
    }
}
