using DialStatus.Functions.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Diagnostics;

/// <summary>Says loudly at start-up when signature validation has been turned off.</summary>
internal sealed class SignatureValidationWarning(IOptions<PlivoOptions> options, ILogger<SignatureValidationWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ValidateSignatures)
        {
            Log.SignatureValidationDisabled(logger);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
