using System.Collections.Immutable;
using System.Diagnostics;
using DialStatus.Functions.Endpoints;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// Starts the span the Functions worker wraps each invocation in, with the worker's own code: the telemetry
/// provider that <c>AddFunctionsWorkerCore</c> registers (internal to Microsoft.Azure.Functions.Worker.Core,
/// so reached by reflection), called as the worker's FunctionsApplication calls it, with the trace context
/// the host passes in its invocation request. The app must have <c>AddFunctionsWorkerCore</c> registered.
/// </summary>
internal static class WorkerInvocation
{
    public static Activity? StartSpan(IServiceProvider services, string functionName, string hostTraceParent)
    {
        var providerType = typeof(FunctionContext).Assembly.GetType("Microsoft.Azure.Functions.Worker.Diagnostics.IFunctionTelemetryProvider", throwOnError: true)!;
        var start = providerType.GetMethod("StartActivityForInvocation")
            ?? throw new MissingMethodException(providerType.FullName, "StartActivityForInvocation");
        return (Activity?)start.Invoke(services.GetRequiredService(providerType), [new Context(services, functionName, hostTraceParent)]);
    }

    /// <summary>What the worker's telemetry provider reads of an invocation: its id, its function and the host's trace context.</summary>
    private sealed class Context(IServiceProvider services, string functionName, string traceParent) : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => functionName;

        public override TraceContext TraceContext { get; } = new HostTraceContext(traceParent);

        public override FunctionDefinition FunctionDefinition { get; } = new Definition(functionName);

        public override IServiceProvider InstanceServices { get; set; } = services;

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override BindingContext BindingContext => throw new NotSupportedException("The invocation span does not read bindings.");

        public override RetryContext RetryContext => throw new NotSupportedException("The invocation span does not read retries.");

        public override IInvocationFeatures Features => throw new NotSupportedException("The invocation span does not read invocation features.");
    }

    private sealed class HostTraceContext(string traceParent) : TraceContext
    {
        public override string TraceParent => traceParent;

        public override string TraceState => string.Empty;
    }

    private sealed class Definition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(DialActionFunction).Assembly.Location;

        public override string EntryPoint => $"{typeof(DialActionFunction).FullName}.{nameof(DialActionFunction.Run)}";

        public override string Id => name;

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
