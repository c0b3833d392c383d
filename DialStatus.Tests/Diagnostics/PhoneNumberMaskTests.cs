using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Options;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Diagnostics;

/// <summary>Phone numbers are personal data: logs keep only the last 4 digits unless told otherwise; records keep them whole.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PhoneNumberMaskTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("+14155550123", "+*******0123")]
    [InlineData("14155550123", "*******0123")]
    [InlineData("sip:alice.smith@phone.plivo.com", "sip:*******mith@phone.plivo.com")]
    [InlineData("+123", "+***")]
    [InlineData("", "")]
    public void Masking_keeps_only_the_last_4_characters_of_the_number_or_SIP_user(string value, string masked) =>
        Assert.Equal(masked, PhoneNumberMask.Mask(value));

    [Fact]
    public void Masking_is_on_by_default()
    {
        var mask = new PhoneNumberMask(Microsoft.Extensions.Options.Options.Create(new DialStatusOptions()));

        Assert.Equal("+*******0123", mask.ForLog("+14155550123"));
    }

    [Fact]
    public async Task Stored_status_logs_show_masked_numbers_while_the_record_keeps_them_whole()
    {
        var callUuid = TestCalls.Uuid("mask-0001");
        await using var app = TestApp.Create(azurite.ConnectionString);

        await app.InvokeAsync(app.Create<DialActionFunction>().Run, TestRequest.Post("/api/dialstatus/action",
            ("DialALegUUID", callUuid), ("DialStatus", "busy"), ("From", "+14155550123"), ("To", "+14155550100")));

        var entry = app.Logs.Entries.Last(e => e.Properties.Any(p => p.Key == "CallUUID" && (string?)p.Value == callUuid));
        Assert.Contains(entry.Properties, p => p.Key == "From" && (string?)p.Value == "+*******0123");
        Assert.DoesNotContain("+14155550123", entry.Message);
        var record = Assert.Single(await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName));
        Assert.Equal("+14155550123", record.GetString("From"));
    }

    [Fact]
    public async Task One_setting_turns_masking_off()
    {
        var callUuid = TestCalls.Uuid("mask-0002");
        await using var app = TestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["DialStatus:MaskPhoneNumbersInLogs"] = "false" });

        await app.InvokeAsync(app.Create<DialActionFunction>().Run, TestRequest.Post("/api/dialstatus/action",
            ("DialALegUUID", callUuid), ("DialStatus", "busy"), ("From", "+14155550123")));

        var entry = app.Logs.Entries.Last(e => e.Properties.Any(p => p.Key == "CallUUID" && (string?)p.Value == callUuid));
        Assert.Contains(entry.Properties, p => p.Key == "From" && (string?)p.Value == "+14155550123");
    }
}
