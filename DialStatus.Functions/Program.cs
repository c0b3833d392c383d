using DialStatus.Functions;
using DialStatus.Functions.Diagnostics;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
try
{
    builder.Services.AddDialStatus(builder.Configuration);
    builder.Build().Run();
    return 0;
}
catch (Exception e) when (StartupErrors.Describe(e) is { Count: > 0 } lines)
{
    // A bad setting: one clear line each (the Functions host shows the worker's standard error), no stack trace.
    foreach (var line in lines)
    {
        Console.Error.WriteLine(line);
    }
    return 1;
}
