using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DialStatus.Tests.Diagnostics;

/// <summary>
/// What the worker exports with OpenTelemetry: every log event with its named properties, the DialStatus meter's
/// instruments with their tags, one span per invocation on the host's trace; and nothing at all without a
/// connection string. The in-memory exporter stands in for Azure Monitor.
/// </summary>
public sealed class TelemetryTests
{
    private const string ConnectionString = "InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint=https://dialstatus.example.net/";

    private static readonly Dictionary<string, string?> WithConnectionString = new() { [DialStatusTelemetry.ConnectionStringSetting] = ConnectionString };

    public static TheoryData<string> LogEventNames => [.. LogEvents.All.Select(method => method.Name)];

    public static TheoryData<string> LogEventsWithException => [.. LogEvents.All.Where(LogEvents.TakesException).Select(method => method.Name)];

    [Fact]
    public async Task Without_a_connection_string_no_OpenTelemetry_service_is_registered_and_the_host_keeps_the_worker_logs()
    {
        await using var app = TestApp.CreateInMemory();

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.DoesNotContain(app.Services.GetServices<ILoggerProvider>(), provider => provider is OpenTelemetryLoggerProvider);
        Assert.DoesNotContain("WorkerOpenTelemetryEnabled", app.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities.Keys);
    }

    [Fact]
    public async Task With_a_connection_string_the_worker_tells_the_host_that_it_exports_its_own_telemetry()
    {
        await using var app = TestApp.CreateInMemory(WithConnectionString);

        var capabilities = app.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities;

        Assert.Equal(bool.TrueString, capabilities["WorkerOpenTelemetryEnabled"]);
    }

    [Fact]
    public async Task With_a_connection_string_the_Azure_Monitor_exporter_is_given_it()
    {
        await using var app = TestApp.CreateInMemory(WithConnectionString);

        Assert.Equal(ConnectionString, ExporterOptions(app).ConnectionString);
    }

    [Fact]
    public async Task The_Azure_Monitor_exporter_samples_neither_spans_nor_logs_whatever_else_configures_it()
    {
        await using var app = TestApp.CreateInMemory(WithConnectionString, services => services.Configure<AzureMonitorExporterOptions>(options =>
        {
            options.TracesPerSecond = 5;
            options.SamplingRatio = 0.1F;
            options.EnableTraceBasedLogsSampler = true;
        }));

        var options = ExporterOptions(app);

        Assert.Equal((null, 1.0F, false), (options.TracesPerSecond, options.SamplingRatio, options.EnableTraceBasedLogsSampler));
    }

    [Fact]
    public async Task An_authentication_string_makes_the_exporter_authenticate_with_the_managed_identity()
    {
        await using var app = TestApp.CreateInMemory(new Dictionary<string, string?>(WithConnectionString)
        {
            [DialStatusTelemetry.AuthenticationStringSetting] = "Authorization=AAD;ClientId=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        });

        Assert.IsType<ManagedIdentityCredential>(ExporterOptions(app).Credential);
    }

    [Theory]
    [InlineData("Authorization=AAD")]
    [InlineData("Authorization=AAD;ClientId=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")]
    [InlineData(" clientid = 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 ; authorization = aad ")]
    public void An_authentication_string_in_the_hosts_format_selects_a_managed_identity(string authenticationString)
    {
        Assert.IsType<ManagedIdentityCredential>(DialStatusTelemetry.CredentialFor(authenticationString));
    }

    [Theory]
    [InlineData("ClientId=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")]
    [InlineData("Authorization=Key")]
    [InlineData("Authorization=AAD;ClientId=not-a-guid")]
    public void An_authentication_string_the_host_would_not_accept_stops_the_worker(string authenticationString)
    {
        Assert.Throws<OptionsValidationException>(() => DialStatusTelemetry.CredentialFor(authenticationString));
    }

    [Fact]
    public void Without_an_authentication_string_the_exporter_uses_the_connection_string_alone()
    {
        Assert.Null(DialStatusTelemetry.CredentialFor(" "));
    }

    [Theory]
    [MemberData(nameof(LogEventNames))]
    public async Task A_log_event_is_exported_with_each_named_property_as_an_attribute_of_the_same_name(string eventName)
    {
        var (record, arguments, method) = await ExportOneAsync(eventName);

        var attributes = record.Attributes!.ToDictionary(attribute => attribute.Key, attribute => attribute.Value);
        foreach (var placeholder in LogEvents.Placeholders(method))
        {
            var parameter = method.GetParameters().Single(p => string.Equals(p.Name, placeholder, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(arguments[parameter.Position], attributes[placeholder]);
        }
    }

    [Theory]
    [MemberData(nameof(LogEventNames))]
    public async Task A_log_event_is_exported_with_its_formatted_message_event_id_and_name(string eventName)
    {
        var (record, _, method) = await ExportOneAsync(eventName);

        var attribute = LogEvents.Attribute(method);
        var template = LogEvents.Template(method);
        var literal = template.IndexOf('{') is var brace and >= 0 ? template[..brace] : template;
        Assert.Equal((attribute.EventId, method.Name, attribute.Level), (record.EventId.Id, record.EventId.Name, record.LogLevel));
        Assert.StartsWith(literal, record.FormattedMessage);
        Assert.DoesNotContain("{", record.FormattedMessage);
    }

    [Theory]
    [MemberData(nameof(LogEventsWithException))]
    public async Task A_log_event_written_with_an_exception_is_exported_with_it_so_it_lands_among_exceptions(string eventName)
    {
        var (record, arguments, _) = await ExportOneAsync(eventName);

        var exception = arguments.Single(argument => argument is Exception);
        Assert.Same(exception, record.Exception);
    }

    [Fact]
    public async Task Stored_callbacks_are_exported_as_the_dialstatus_callbacks_counter_tagged_with_kind_and_dial_status()
    {
        var telemetry = new TelemetryCapture();
        await using var app = TestApp.CreateInMemory(configureServices: telemetry.AddTo);
        telemetry.Start(app.Services);
        var kind = "Kind" + Guid.NewGuid().ToString("N");

        var metrics = app.Services.GetRequiredService<DialStatusMetrics>();
        metrics.CallbackStored(kind, "busy");
        metrics.CallbackStored(kind, "busy");
        telemetry.Flush(app.Services);

        var point = Assert.Single(Points(telemetry, "dialstatus.callbacks"), p => Tag(p, "kind") == kind);
        Assert.Equal(("busy", 2L), (Tag(point, "dial_status"), point.GetSumLong()));
    }

    [Fact]
    public async Task Storage_latency_is_exported_as_the_dialstatus_storage_duration_histogram_in_ms_tagged_with_operation_and_outcome()
    {
        var telemetry = new TelemetryCapture();
        await using var app = TestApp.CreateInMemory(configureServices: telemetry.AddTo);
        telemetry.Start(app.Services);

        app.Services.GetRequiredService<DialStatusMetrics>().RecordStorageLatency(TimeSpan.FromMilliseconds(12), DialStatusMetrics.Read, succeeded: false);
        telemetry.Flush(app.Services);

        var histogram = Assert.Single(telemetry.Metrics, m => m.Name == "dialstatus.storage.duration" && m.MetricType == MetricType.Histogram);
        Assert.Equal("ms", histogram.Unit);
        // Another app may measure at the same time (the meter name is process-wide): look for this point's bounds.
        Assert.Contains(histogram.MetricPoints, point => Tag(point, "operation") == "read" && Tag(point, "outcome") == "failure"
            && point.TryGetHistogramMinMaxValues(out var min, out var max) && min <= 12 && max >= 12);
    }

    [Fact]
    public async Task Every_instrument_of_the_DialStatus_meter_is_exported_under_its_own_name()
    {
        var telemetry = new TelemetryCapture();
        await using var app = TestApp.CreateInMemory(configureServices: telemetry.AddTo);
        telemetry.Start(app.Services);
        var metrics = app.Services.GetRequiredService<DialStatusMetrics>();
        var published = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, app.Services.GetRequiredService<IMeterFactory>()) && instrument.Meter.Name == DialStatusMetrics.MeterName)
                {
                    published.Add(instrument.Name);
                }
            },
        };
        listener.Start();

        Measurements.RecordOneOfEach(metrics);
        telemetry.Flush(app.Services);

        Assert.NotEmpty(published);
        Assert.All(published, name => Assert.Contains(telemetry.Metrics, exported => exported.Name == name && exported.MetricPoints.Count > 0));
    }

    [Fact]
    public async Task An_invocation_exports_one_span_from_the_worker_parented_on_the_hosts_span_and_its_logs_carry_it()
    {
        var telemetry = new TelemetryCapture();
        await using var app = TestApp.CreateInMemory(configureServices: services =>
        {
            telemetry.AddTo(services);
            services.AddFunctionsWorkerCore();
        });
        telemetry.Start(app.Services);
        var hostTrace = ActivityTraceId.CreateRandom();
        var hostSpan = ActivitySpanId.CreateRandom();

        using (WorkerInvocation.StartSpan(app.Services, DialActionFunction.Name, $"00-{hostTrace}-{hostSpan}-01"))
        {
            await app.InvokeAsync(app.Create<DialActionFunction>().Run, TestRequest.Post("/api/dialstatus/action",
                ("CallUUID", "0e7c5b1a-3f2d-4c8e-9a6b-5d4e3f2a1b0c"), ("DialStatus", "busy"), ("DialHangupCause", "USER_BUSY")));
        }
        telemetry.Flush(app.Services);

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal(($"function {DialActionFunction.Name}", ActivityKind.Internal), (span.DisplayName, span.Kind));
        Assert.Equal((hostTrace, hostSpan), (span.TraceId, span.ParentSpanId));
        Assert.Equal(DialActionFunction.Name, span.GetTagItem("faas.name"));
        var stored = Assert.Single(telemetry.Logs, record => record.EventId.Name == "DialStatusStored");
        Assert.Equal((span.TraceId, span.SpanId), (stored.TraceId, stored.SpanId));
    }

    [Fact]
    public async Task An_HTTP_request_through_ASP_NET_Core_adds_no_span_of_its_own_so_the_invocation_span_stays_the_only_one()
    {
        var telemetry = new TelemetryCapture();
        await using var host = await FunctionHost.StartAsync(TestApp.DefaultSettings("UseDevelopmentStorage=true"), services =>
        {
            telemetry.AddTo(services);
            services.AddSingleton<ICallRecordStore>(new InMemoryCallRecordStore());
        });

        using var response = await host.SendAsync(TestRequest.Post("/api/dialstatus", ("CallUUID", "0e7c5b1a-3f2d-4c8e-9a6b-5d4e3f2a1b0c"), ("Event", "StartApp")));
        telemetry.Flush(host.Services);

        Assert.True(response.IsSuccessStatusCode, $"answered {response.StatusCode}");
        Assert.Empty(telemetry.Spans);
    }

    private static AzureMonitorExporterOptions ExporterOptions(TestApp app) =>
        app.Services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

    /// <summary>Writes one event of <paramref name="eventName"/> through the app's loggers and returns what was exported of it.</summary>
    private static async Task<(LogRecord Record, object?[] Arguments, System.Reflection.MethodInfo Method)> ExportOneAsync(string eventName)
    {
        var telemetry = new TelemetryCapture();
        await using var app = TestApp.CreateInMemory(configureServices: services =>
        {
            telemetry.AddTo(services);
            // Every level, so that an event below the default Information is checked too.
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
        });
        telemetry.Start(app.Services);
        var method = LogEvents.Named(eventName);
        var arguments = LogEvents.SampleArguments(method, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DialStatus.Tests.Telemetry"));

        method.Invoke(null, arguments);
        telemetry.Flush(app.Services);

        return (Assert.Single(telemetry.Logs, record => record.EventId.Name == eventName), arguments, method);
    }

    private static List<MetricPoint> Points(TelemetryCapture telemetry, string instrument) =>
        [.. telemetry.Metrics.Where(metric => metric.Name == instrument).SelectMany(metric => metric.MetricPoints)];

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }
        return null;
    }
}
