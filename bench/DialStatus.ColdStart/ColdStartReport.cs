using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace DialStatus.ColdStart;

/// <summary>The figures of a cold-start run, as lines while it runs and as a Markdown table at the end.</summary>
public static class ColdStartReport
{
    private static readonly (string Label, Func<StartTimes, double> Of)[] Measures =
    [
        ("listening", t => t.Listening),
        ("first answer 200", t => t.Answer),
        ("first Dial action 200", t => t.Action),
        ("of which listening → answer 200", t => t.Answer - t.Listening),
        ("of which answer → Dial action 200", t => t.Action - t.Answer),
    ];

    private static readonly (string Label, Func<StartTimes, double> Of, string Unit)[] ProcessMeasures =
    [
        ("CPU time of the process by the first Dial action 200", t => t.CpuMilliseconds, " ms"),
        ("time in the JIT by then (all threads)", t => t.JitMilliseconds, " ms"),
        ("methods JIT-compiled by then", t => t.JitMethods, ""),
    ];

    public static string Line(int round, Variant variant, StartTimes times) => string.Create(CultureInfo.InvariantCulture,
        $"run {round,3} {variant.Name,-10} listening {times.Listening,6:0} ms, answer {times.Answer,6:0} ms, Dial action {times.Action,6:0} ms; CPU {times.CpuMilliseconds,5:0} ms, JIT {times.JitMilliseconds,5:0} ms for {times.JitMethods,5} methods{(times.Stored ? "" : " (Dial action held, not yet stored)")}");

    public static string Markdown(
        ColdStartOptions options, IReadOnlyList<Variant> variants, IReadOnlyDictionary<Variant, List<StartTimes>> times, string? loadBefore, string? loadAfter)
    {
        var (r2r, jit) = (variants.Single(v => v.ReadyToRun), variants.Single(v => !v.ReadyToRun));
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        var smoke = options.Smoke ? " (smoke run: the numbers mean nothing)" : "";
        var starts = times[r2r].Count == 1 ? "1 fresh process" : $"{times[r2r].Count} fresh processes";
        text.AppendLine(culture, $"Cold start, {starts} per variant, {Variant.RuntimeIdentifier}{smoke}");
        text.AppendLine();
        text.AppendLine("| from process start to | ReadyToRun: median (min–max) | JIT: median (min–max) | R2R / JIT |");
        text.AppendLine("|---|--:|--:|--:|");
        foreach (var (label, of) in Measures)
        {
            var (withR2r, withJit) = (Summary.Of(times[r2r].Select(of)), Summary.Of(times[jit].Select(of)));
            text.AppendLine(culture, $"| {label} | {withR2r} | {withJit} | {withR2r.Median / withJit.Median:0.00} |");
        }
        foreach (var (label, of, unit) in ProcessMeasures)
        {
            var (withR2r, withJit) = (Summary.Of(times[r2r].Select(of)), Summary.Of(times[jit].Select(of)));
            text.AppendLine(culture, $"| *{label}* | {withR2r.ToString(unit)} | {withJit.ToString(unit)} | {withR2r.Median / withJit.Median:0.00} |");
        }
        text.AppendLine();
        foreach (var variant in variants)
        {
            var (assemblies, precompiled) = variant.CountPrecompiled();
            var held = times[variant].Count(t => !t.Stored);
            text.AppendLine(culture, $"- {variant.Name}: published {variant.Bytes / 1_048_576.0:0.0} MiB, {precompiled} of {assemblies} shipped assemblies ReadyToRun-compiled; Dial actions stored before their 200: {times[variant].Count - held} of {times[variant].Count}");
        }
        var load = loadBefore is null ? "" : $", 1-minute load average {loadBefore} before the timed starts and {loadAfter} after";
        text.AppendLine(culture, $"- {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} processors{load}");
        return text.ToString();
    }

    /// <summary>The 1-minute load average (Linux), to tell whether the machine was quiet.</summary>
    public static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;

    private readonly record struct Summary(double Median, double Min, double Max)
    {
        public static Summary Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            var middle = sorted.Length / 2;
            var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
            return new Summary(median, sorted[0], sorted[^1]);
        }

        public override string ToString() => ToString(" ms");

        public string ToString(string unit) => string.Create(CultureInfo.InvariantCulture, $"{Median:0}{unit} ({Min:0}–{Max:0})");
    }
}
