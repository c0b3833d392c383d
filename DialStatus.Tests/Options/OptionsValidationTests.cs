using DialStatus.Functions;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DialStatus.Tests.Options;

/// <summary>
/// Settings are checked when the host starts (ValidateOnStart), and each failure names the setting as
/// users write it, so a bad app setting is found from the start-up error alone.
/// </summary>
public sealed class OptionsValidationTests
{
    private static Dictionary<string, string?> Baseline() => new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["Plivo:AuthToken"] = "x",
        ["Dial:Targets"] = "+14155550100",
    };

    /// <summary>The app's services over the baseline settings; a null value removes a setting.</summary>
    private static ServiceProvider Build(params (string Key, string? Value)[] changes)
    {
        var settings = Baseline();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDialStatus(configuration)
            .BuildServiceProvider();
    }

    private static void Validate(params (string Key, string? Value)[] changes)
    {
        using var provider = Build(changes);
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>The settings pass start-up validation: nothing is thrown.</summary>
    private static void AssertValid(params (string Key, string? Value)[] changes) =>
        Assert.Null(Record.Exception(() => Validate(changes)));

    /// <summary>The start-up error for the settings: always a validation failure, never a binder's exception.</summary>
    private static string StartupError(params (string Key, string? Value)[] changes)
    {
        var exception = Record.Exception(() => Validate(changes));
        Assert.NotNull(exception);
        Assert.True(exception is OptionsValidationException or AggregateException, $"Expected a settings validation failure, got {exception}");
        return string.Join('\n', StartupErrors.Describe(exception));
    }

    private static T Value<T>(params (string Key, string? Value)[] changes)
        where T : class
    {
        using var provider = Build(changes);
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    [Fact]
    public void Baseline_settings_pass() => AssertValid();

    [Fact]
    public void Full_valid_settings_pass() => AssertValid(
        ("Dial:Targets", "+14155550100, sip:alice@phone.plivo.com ,+442071838750"),
        ("Dial:CallerId", "+14155550123"),
        ("Dial:CallerName", new string('n', 50)),
        ("Dial:TimeoutSeconds", "25"),
        ("Dial:TimeLimitSeconds", "3600"),
        ("Dial:HangupOnStar", "true"),
        ("Dial:Mode", "Sequential"),
        ("Dial:UnansweredMessage", "Nobody is available."),
        ("DialStatus:PublicBaseUrl", "https://dialstatus.example.net:8443"),
        ("DialStatus:TableName", "DialStatus2"),
        ("DialStatus:StorageTimeoutSeconds", "10"),
        ("Plivo:ValidateSignatures", "true"));

    [Theory]
    [InlineData("Dial:Targets", null)]
    [InlineData("Dial:Targets", " , ,")]
    [InlineData("Dial:CallerName", "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn")]
    [InlineData("Dial:CallerName", "Desk\u0001")]
    [InlineData("Dial:UnansweredMessage", "Nobody\u0001 is here")]
    [InlineData("Dial:TimeoutSeconds", "0")]
    [InlineData("Dial:TimeoutSeconds", "-5")]
    [InlineData("Dial:TimeoutSeconds", "abc")]
    [InlineData("Dial:TimeLimitSeconds", "0")]
    [InlineData("Dial:Mode", "parallel")]
    [InlineData("Dial:Mode", "5")]
    [InlineData("DialStatus:StorageTimeoutSeconds", "0")]
    [InlineData("DialStatus:StorageTimeoutSeconds", "31")]
    [InlineData("AzureWebJobsStorage", null)]
    [InlineData("AzureWebJobsStorage", " ")]
    [InlineData("Plivo:AuthToken", null)]
    [InlineData("Plivo:AuthToken", "  ")]
    public void A_bad_setting_fails_start_up_naming_it(string setting, string? value) =>
        Assert.Contains(setting, StartupError((setting, value)));

    [Theory]
    [InlineData("4155550100")]
    [InlineData("+0123456")]
    [InlineData("+1415555010012345")]
    [InlineData("alice@phone.plivo.com")]
    [InlineData("sip:alice")]
    public void Dial_target_that_is_neither_E164_nor_sip_fails_naming_the_entry(string bad)
    {
        var message = StartupError(("Dial:Targets", $"+14155550100,{bad}"));

        Assert.Contains("Dial:Targets", message);
        Assert.Contains($"'{bad}'", message);
    }

    [Theory]
    [InlineData("Sequential")]
    [InlineData("sequential")]
    [InlineData("SEQUENTIAL")]
    public void Dial_mode_binds_whatever_its_case(string mode) =>
        Assert.Equal(DialMode.Sequential, Value<DialOptions>(("Dial:Mode", mode)).Mode);

    [Fact]
    public void Dial_mode_defaults_to_simultaneous() =>
        Assert.Equal(DialMode.Simultaneous, Value<DialOptions>().Mode);

    [Theory]
    [InlineData("https://dialstatus.example.net/api")]
    [InlineData("https://dialstatus.example.net/?x=1")]
    [InlineData("https://dialstatus.example.net/#frag")]
    [InlineData("https://user:pass@dialstatus.example.net")]
    [InlineData("dialstatus.example.net")]
    [InlineData("ftp://dialstatus.example.net")]
    public void Public_base_url_that_is_not_an_absolute_http_origin_fails(string url) =>
        Assert.Contains("DialStatus:PublicBaseUrl", StartupError(("DialStatus:PublicBaseUrl", url)));

    [Theory]
    [InlineData("https://dialstatus.example.net")]
    [InlineData("https://dialstatus.example.net/")]
    [InlineData("http://localhost:7071")]
    [InlineData("")]
    public void Public_base_url_that_is_an_http_origin_or_blank_passes(string url) =>
        AssertValid(("DialStatus:PublicBaseUrl", url));

    [Theory]
    [InlineData("1abc")]
    [InlineData("ab")]
    [InlineData("has-dash")]
    [InlineData("has_underscore")]
    [InlineData("AVeryLongTableNameThatGoesOnAndOnBeyondFiftyEightCharactersX")]
    public void Invalid_table_name_fails(string name) =>
        Assert.Contains("DialStatus:TableName", StartupError(("DialStatus:TableName", name)));

    [Theory]
    [InlineData("abc")]
    [InlineData("DialStatus")]
    public void Valid_table_name_passes(string name) => AssertValid(("DialStatus:TableName", name));

    [Fact]
    public void Table_name_of_58_characters_passes_leaving_room_for_the_day_index_suffix() =>
        AssertValid(("DialStatus:TableName", "T" + new string('a', 57)));

    [Theory]
    [InlineData("not-a-connection-string-S3cr3tValue")]
    [InlineData("AccountName=S3cr3tAccount;AccountKey=S3cr3tKey")]
    public void Garbage_storage_connection_string_fails_without_echoing_it(string connectionString)
    {
        var message = StartupError(("AzureWebJobsStorage", connectionString));

        Assert.Contains("AzureWebJobsStorage", message);
        Assert.DoesNotContain("S3cr3t", message);
    }

    [Fact]
    public void Table_service_uri_without_a_connection_string_passes() =>
        AssertValid(("AzureWebJobsStorage", null), ("AzureWebJobsStorage:tableServiceUri", "https://account.table.core.windows.net"));

    [Fact]
    public void Table_service_uri_over_http_fails() =>
        Assert.Contains("AzureWebJobsStorage:tableServiceUri", StartupError(
            ("AzureWebJobsStorage", null), ("AzureWebJobsStorage:tableServiceUri", "http://account.table.core.windows.net")));

    [Fact]
    public void An_unresolved_Key_Vault_reference_as_auth_token_fails_naming_the_setting()
    {
        var message = StartupError(("Plivo:AuthToken", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/plivo-auth-token)"));

        Assert.Contains("Plivo:AuthToken", message);
        Assert.Contains("is an unresolved Key Vault reference", message);
    }

    [Fact]
    public void A_blank_table_name_keeps_the_default() =>
        Assert.Equal("DialStatus", Value<DialStatusOptions>(("DialStatus:TableName", "")).TableName);

    [Fact]
    public void Missing_auth_token_passes_when_signature_validation_is_off() =>
        AssertValid(("Plivo:AuthToken", null), ("Plivo:ValidateSignatures", "false"));

    [Fact]
    public void Auth_token_is_read_from_PLIVO_AUTH_TOKEN_when_Plivo_AuthToken_is_missing() =>
        Assert.Equal("from-env", Value<PlivoOptions>(("Plivo:AuthToken", null), ("PLIVO_AUTH_TOKEN", "from-env")).AuthToken);

    [Fact]
    public void Plivo_AuthToken_wins_over_PLIVO_AUTH_TOKEN() =>
        Assert.Equal("x", Value<PlivoOptions>(("PLIVO_AUTH_TOKEN", "from-env")).AuthToken);

    [Fact]
    public void Signature_validation_is_on_by_default() =>
        Assert.True(Value<PlivoOptions>().ValidateSignatures);

    [Fact]
    public void Parsed_targets_keep_the_configured_order() =>
        Assert.Equal(
            [new DialTarget("sip:alice@phone.plivo.com", true), new DialTarget("+14155550100", false)],
            Value<DialOptions>(("Dial:Targets", "sip:alice@phone.plivo.com,+14155550100")).ParsedTargets);

    [Fact]
    public void Target_list_keeps_the_order_given()
    {
        var (targets, _) = DialTarget.ParseList("+14155550199,+14155550100,+442071838750");

        Assert.Equal(["+14155550199", "+14155550100", "+442071838750"], targets.Select(t => t.Address));
    }

    [Theory]
    [InlineData("sip:alice@phone.plivo.com")]
    [InlineData("SIP:Bob@example.org")]
    public void Target_starting_with_sip_is_a_SIP_uri(string address) =>
        Assert.Equal([new DialTarget(address, IsSipUri: true)], DialTarget.ParseList(address).Targets);

    [Fact]
    public void Target_that_is_a_number_is_not_a_SIP_uri() =>
        Assert.Equal([new DialTarget("+14155550100", IsSipUri: false)], DialTarget.ParseList("+14155550100").Targets);

    [Fact]
    public void Target_whitespace_is_trimmed() =>
        Assert.Equal(["+14155550100", "sip:alice@phone.plivo.com"], DialTarget.ParseList("  +14155550100 ,\tsip:alice@phone.plivo.com  ").Targets.Select(t => t.Address));

    [Fact]
    public void Empty_target_entries_are_ignored()
    {
        var (targets, errors) = DialTarget.ParseList(",+14155550100,, ,sip:alice@phone.plivo.com,");

        Assert.Equal((2, 0), (targets.Count, errors.Count));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_target_list_parses_to_nothing(string? setting)
    {
        var (targets, errors) = DialTarget.ParseList(setting);

        Assert.Equal((0, 0), (targets.Count, errors.Count));
    }

    [Fact]
    public void Bad_target_entry_is_reported_by_name_and_the_good_ones_still_parse()
    {
        var (targets, errors) = DialTarget.ParseList("+14155550100,555-0100");

        Assert.Equal(["+14155550100"], targets.Select(t => t.Address));
        Assert.Contains("'555-0100'", Assert.Single(errors));
    }

    [Theory]
    [InlineData("Dial:Mode", "roundrobin", "Dial__Mode", "simultaneous or sequential, not 'roundrobin'")]
    [InlineData("Dial:TimeoutSeconds", "abc", "Dial__TimeoutSeconds", "whole number")]
    [InlineData("Dial:HangupOnStar", "yes", "Dial__HangupOnStar", "true or false")]
    [InlineData("DialStatus:StorageTimeoutSeconds", "ten", "DialStatus__StorageTimeoutSeconds", "whole number")]
    [InlineData("DialStatus:MaskPhoneNumbersInLogs", "1", "DialStatus__MaskPhoneNumbersInLogs", "true or false")]
    [InlineData("Plivo:ValidateSignatures", "on", "Plivo__ValidateSignatures", "true or false")]
    [InlineData("DialStatus:RoutingStorageTimeoutSeconds", "9", "DialStatus__RoutingStorageTimeoutSeconds", "1 to 5")]
    [InlineData("DialStatus:RetentionDays", "4000", "DialStatus__RetentionDays", "0 (keep every record) to 3650 days, not 4000")]
    [InlineData("DialStatus:RetentionDays", "a year", "DialStatus__RetentionDays", "whole number")]
    [InlineData("DialStatus:RetentionSchedule", "30 3 * * *", "DialStatus__RetentionSchedule", "six-field NCRONTAB expression in UTC")]
    [InlineData("Dial:CallerId", "not a number", "Dial__CallerId", "E.164")]
    public void A_bad_setting_is_one_line_naming_both_spellings_and_what_is_valid(string setting, string value, string otherSpelling, string valid)
    {
        var line = Assert.Single(StartupError((setting, value)).Split('\n'));

        Assert.Contains(setting, line);
        Assert.Contains(otherSpelling, line);
        Assert.Contains(valid, line);
    }

    [Theory]
    [InlineData("not a number")]
    [InlineData("+0123456789")]
    [InlineData("+1415555010012345")]
    [InlineData("+1")]
    [InlineData("+1 415 555 0100")]
    [InlineData("(415) 555-0100")]
    [InlineData("sip:alice@phone.plivo.com")]
    public void A_caller_ID_that_is_not_an_E164_number_fails_start_up(string callerId) =>
        Assert.Contains("Dial:CallerId (Dial__CallerId) must be a phone number in E.164 form", StartupError(("Dial:CallerId", callerId)));

    [Theory]
    [InlineData("+14155550100")]
    [InlineData("14155550100")]
    [InlineData("442071838750")]
    public void A_caller_ID_in_E164_form_with_or_without_its_plus_is_taken_as_written(string callerId) =>
        Assert.Equal(callerId, Value<DialOptions>(("Dial:CallerId", callerId)).CallerId);

    [Fact]
    public void An_unanswered_message_too_long_for_Plivos_100_KB_document_fails_start_up() =>
        Assert.Contains("Dial:UnansweredMessage (Dial__UnansweredMessage) is too long: Plivo takes XML documents of at most 100 KB", StartupError(("Dial:UnansweredMessage", new string('a', 100_000))));

    [Fact]
    public void An_unanswered_message_whose_document_fits_in_100_KB_is_taken() =>
        Assert.Equal(99_900, Value<DialOptions>(("Dial:UnansweredMessage", new string('a', 99_900))).UnansweredMessage!.Length);

    [Theory]
    [InlineData("-1")]
    [InlineData("3651")]
    public void Retention_days_outside_0_to_3650_fail(string days) =>
        Assert.Contains("DialStatus:RetentionDays", StartupError(("DialStatus:RetentionDays", days)));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("400", 400)]
    [InlineData("3650", 3650)]
    [InlineData("", 0)]
    public void Retention_days_from_0_to_3650_pass_and_empty_keeps_every_record(string days, int expected) =>
        Assert.Equal(expected, Value<DialStatusOptions>(("DialStatus:RetentionDays", days)).RetentionDays);

    [Theory]
    [InlineData("0 30 3 * * *")]
    [InlineData("0 */5 * * * *")]
    [InlineData("0 0 2 * * MON-FRI")]
    [InlineData("0\t30\t3 1,15 JAN-DEC *")]
    public void A_six_field_NCRONTAB_retention_schedule_passes(string schedule) =>
        AssertValid(("DialStatus:RetentionSchedule", schedule));

    [Theory]
    [InlineData("30 3 * * *")]
    [InlineData("0 30 3 * * * *")]
    [InlineData("00:05:00")]
    [InlineData("0 30 3 * * ?")]
    [InlineData("daily")]
    public void A_retention_schedule_that_is_not_six_NCRONTAB_fields_fails_naming_it(string schedule) =>
        Assert.Contains("DialStatus:RetentionSchedule", StartupError(("DialStatus:RetentionSchedule", schedule)));

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Without_a_retention_schedule_the_app_still_starts(string? schedule) =>
        Assert.Null(Value<DialStatusOptions>(("DialStatus:RetentionSchedule", schedule)).RetentionSchedule);

    [Fact]
    public void Every_bad_setting_gets_its_own_line() =>
        Assert.Equal(3, StartupError(("Dial:Mode", "roundrobin"), ("Dial:TimeoutSeconds", "abc"), ("Dial:Targets", null)).Split('\n').Length);

    [Fact]
    public void An_empty_number_or_boolean_means_its_default()
    {
        var changes = new (string, string?)[]
        {
            ("DialStatus:StorageTimeoutSeconds", ""), ("DialStatus:RoutingStorageTimeoutSeconds", " "), ("DialStatus:MaskPhoneNumbersInLogs", ""),
            ("Dial:TimeoutSeconds", ""), ("Dial:TimeLimitSeconds", ""), ("Dial:HangupOnStar", ""), ("Dial:Mode", ""), ("Plivo:ValidateSignatures", ""),
        };

        var dialStatus = Value<DialStatusOptions>(changes);
        var dial = Value<DialOptions>(changes);
        Assert.Equal((8, 2, true), (dialStatus.StorageTimeoutSeconds, dialStatus.RoutingStorageTimeoutSeconds, dialStatus.MaskPhoneNumbersInLogs));
        Assert.Equal(((int?)null, (int?)null, (bool?)null, DialMode.Simultaneous), (dial.TimeoutSeconds, dial.TimeLimitSeconds, dial.HangupOnStar, dial.Mode));
        Assert.True(Value<PlivoOptions>(changes).ValidateSignatures);
    }

    [Theory]
    [InlineData("https://dialstatus.example.net\n")]
    [InlineData(" https://dialstatus.example.net")]
    [InlineData("\thttps://dialstatus.example.net \r\n")]
    public void A_public_base_url_pasted_with_whitespace_around_it_is_used_without_it(string pasted) =>
        Assert.Equal("https://dialstatus.example.net", Value<DialStatusOptions>(("DialStatus:PublicBaseUrl", pasted)).PublicBaseUrl);

    [Theory]
    [InlineData("Plivo:AuthToken")]
    [InlineData("PLIVO_AUTH_TOKEN")]
    public void An_auth_token_pasted_with_a_line_break_is_used_without_it(string setting) =>
        Assert.Equal("MzQ5ZGE0", Value<PlivoOptions>(("Plivo:AuthToken", null), (setting, "MzQ5ZGE0\r\n")).AuthToken);

    [Theory]
    [InlineData("DialStatus:PublicBaseUrl", "https://dialstatus example.net")]
    [InlineData("Plivo:AuthToken", "MzQ5 ZGE0")]
    public void Whitespace_inside_a_value_the_signature_depends_on_fails_naming_the_setting(string setting, string value)
    {
        var message = StartupError((setting, value));

        Assert.Contains(setting, message);
        Assert.DoesNotContain("ZGE0", message);
    }
}
