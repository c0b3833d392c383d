using DialStatus.Functions.Diagnostics;

namespace DialStatus.Tests.Diagnostics;

/// <summary>Metric dimensions stay well-formed and few, whatever a sender puts in DialStatus.</summary>
public sealed class DialStatusMetricsTests
{
    [Theory]
    [InlineData("completed", "completed")]
    [InlineData("no-answer", "no-answer")]
    [InlineData("rerouted-by-carrier", "rerouted-by-carrier")]
    [InlineData(null, "none")]
    [InlineData("", "other")]
    [InlineData("Completed", "other")]
    [InlineData("completed\nforged", "other")]
    [InlineData("<script>", "other")]
    [InlineData("a-status-far-longer-than-any-plivo-sends", "other")]
    public void The_dial_status_dimension_is_Plivos_word_or_other(string? dialStatus, string tag) =>
        Assert.Equal(tag, DialStatusMetrics.DialStatusTag(dialStatus));
}
