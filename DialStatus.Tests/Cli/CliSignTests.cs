using System.Text.RegularExpressions;
using DialStatus.Cli;
using DialStatus.Cli.Simulation;
using DialStatus.Functions.Plivo;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Cli;

/// <summary>The <c>sign</c> command: exactly the two header lines, signed with the app's code, and where its token comes from.</summary>
public sealed partial class CliSignTests : IDisposable
{
    private const string Url = "http://localhost:7071/api/dialstatus/action?attempt=2";
    private const string Body = "DialStatus=busy&DialALegUUID=5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11&From=%2B14155550123";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dialstatus-cli-");

    public void Dispose() => _folder.Delete(recursive: true);

    [GeneratedRegex(@"^X-Plivo-Signature-V3: (?<signature>[A-Za-z0-9+/]{43}=)\r?\nX-Plivo-Signature-V3-Nonce: (?<nonce>[0-9]{20})\r?\n$")]
    private static partial Regex TwoHeaderLines();

    [Fact]
    public async Task Sign_prints_exactly_the_signature_and_nonce_header_lines_and_nothing_else()
    {
        var (exitCode, output, error) = await RunCliAsync("sign", "POST", Url, Body, "--auth-token", TestApp.AuthToken);

        Assert.Equal((0, ""), (exitCode, error));
        Assert.Matches(TwoHeaderLines(), output);
    }

    [Fact]
    public async Task The_printed_signature_is_one_the_app_accepts_for_that_request()
    {
        var (_, output, _) = await RunCliAsync("sign", "POST", Url, Body, "--auth-token", TestApp.AuthToken);

        var match = TwoHeaderLines().Match(output);
        Assert.True(PlivoSignatureV3.IsValid("POST", Url, PlivoParameters.ParseUrlEncoded(Body), match.Groups["nonce"].Value, TestApp.AuthToken, match.Groups["signature"].Value));
    }

    [Fact]
    public void The_fragment_of_the_URL_is_not_signed_as_Plivo_never_sends_it() =>
        Assert.Equal(
            SignatureLines.Create("POST", Url, Body, TestApp.AuthToken, "12345678901234567890"),
            SignatureLines.Create("POST", Url + "#rc=3&rp=ct,rt,5xx", Body, TestApp.AuthToken, "12345678901234567890"));

    [Fact]
    public void Nonces_are_twenty_random_digits() =>
        Assert.Matches("^[0-9]{20}$", PlivoClient.NewNonce());

    [Fact]
    public async Task Without_any_token_sign_fails_with_one_line_naming_every_place_it_looks()
    {
        var (exitCode, output, error) = await RunCliAsync("sign", "POST", Url, Body);

        Assert.Equal((2, "", AuthToken.Missing + Environment.NewLine), (exitCode, output, error));
    }

    [Fact]
    public void The_option_comes_before_local_settings_and_the_environment()
    {
        WriteLocalSettings(_folder, "from-settings");

        Assert.Equal(("from-option", null), AuthToken.Resolve("from-option", _folder.FullName, _ => "from-environment"));
    }

    [Fact]
    public void Local_settings_in_a_folder_above_come_before_the_environment()
    {
        WriteLocalSettings(_folder, "from-settings");
        var below = _folder.CreateSubdirectory("tools").CreateSubdirectory("DialStatus.Cli");

        Assert.Equal(("from-settings", null), AuthToken.Resolve(null, below.FullName, _ => "from-environment"));
    }

    [Fact]
    public void The_environment_is_used_when_local_settings_have_no_token()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, "local.settings.json"), """{ "Values": { "Dial__Targets": "+14155550188" } }""");

        Assert.Equal(("from-environment", null), AuthToken.Resolve(null, _folder.FullName, name => name == "PLIVO_AUTH_TOKEN" ? "from-environment" : null));
    }

    private static void WriteLocalSettings(DirectoryInfo folder, string token) =>
        File.WriteAllText(Path.Combine(folder.FullName, "local.settings.json"), $$"""{ "IsEncrypted": false, "Values": { "Plivo__AuthToken": "{{token}}" } }""");

    private Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] arguments) =>
        CliProcess.RunAsync(_folder.FullName, arguments);
}
