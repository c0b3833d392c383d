using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using Microsoft.AspNetCore.Http;

namespace DialStatus.Tests.Plivo;

/// <summary>
/// V3 signature behaviour beyond the vectors (<see cref="SignatureVectorTests"/>): docs/plivo.md, the V3 signature.
/// </summary>
public sealed class SignatureTests
{
    private const string Token = "MzQ5ZGE0NjE2ZWQ5YjE4ZTU5ZjE3NWE1YzQ0Nzk2";
    private const string OtherToken = "ZTU5ZjE3NWE1YzQ0Nzk2MzQ5ZGE0NjE2ZWQ5YjE4";
    private const string Nonce = "12345678901234567890";
    private const string Url = "https://dialstatus.example.net/api/dialstatus/action?tenant=acme";

    private static readonly PlivoParameters Form = PlivoParameters.ParseUrlEncoded(
        "CallUUID=d0c5a9f2-1111-4c2a-9b7e-000000000001&DialStatus=no-answer&From=%2B14155550123");

    private static string Sign(string url, IReadOnlyList<KeyValuePair<string, string>> parameters, string method = "POST", string token = Token) =>
        PlivoSignatureV3.ComputeSignature(method, url, parameters, Nonce, token);

    private static PlivoSignatureValidator Validator(bool validate = true, string? token = Token) =>
        new(Microsoft.Extensions.Options.Options.Create(new PlivoOptions { AuthToken = token, ValidateSignatures = validate }));

    private static HeaderDictionary Headers(string? signature, string? nonce = Nonce)
    {
        var headers = new HeaderDictionary();
        if (signature is not null)
        {
            headers[PlivoSignatureV3.SignatureHeader] = signature;
        }
        if (nonce is not null)
        {
            headers[PlivoSignatureV3.NonceHeader] = nonce;
        }
        return headers;
    }

    [Fact]
    public void Untouched_request_passes() =>
        Assert.True(PlivoSignatureV3.IsValid("POST", Url, Form, Nonce, Token, Sign(Url, Form)));

    [Fact]
    public void Tampered_parameter_fails()
    {
        var signature = Sign(Url, Form);
        var tampered = PlivoParameters.ParseUrlEncoded(
            "CallUUID=d0c5a9f2-1111-4c2a-9b7e-000000000001&DialStatus=completed&From=%2B14155550123");

        Assert.False(PlivoSignatureV3.IsValid("POST", Url, tampered, Nonce, Token, signature));
    }

    [Fact]
    public void Added_parameter_fails() =>
        Assert.False(PlivoSignatureV3.IsValid("POST", Url, PlivoParameters.ParseUrlEncoded(
            "CallUUID=d0c5a9f2-1111-4c2a-9b7e-000000000001&DialStatus=no-answer&From=%2B14155550123&Extra=1"), Nonce, Token, Sign(Url, Form)));

    [Fact]
    public void Tampered_query_fails() =>
        Assert.False(PlivoSignatureV3.IsValid("POST", Url.Replace("acme", "evil", StringComparison.Ordinal), Form, Nonce, Token, Sign(Url, Form)));

    [Fact]
    public void Other_nonce_fails() =>
        Assert.False(PlivoSignatureV3.IsValid("POST", Url, Form, "09876543210987654321", Token, Sign(Url, Form)));

    [Fact]
    public void Signature_made_with_another_auth_token_fails() =>
        Assert.False(PlivoSignatureV3.IsValid("POST", Url, Form, Nonce, Token, Sign(Url, Form, token: OtherToken)));

    [Fact]
    public void Several_signatures_pass_when_the_right_one_is_last()
    {
        var header = $"{Sign(Url, Form, token: OtherToken)},{Sign(Url, Form, token: "third-token")},{Sign(Url, Form)}";

        Assert.True(PlivoSignatureV3.IsValid("POST", Url, Form, Nonce, Token, header));
    }

    [Fact]
    public void Several_signatures_with_spaces_after_the_commas_pass()
    {
        var header = $"{Sign(Url, Form, token: OtherToken)}, {Sign(Url, Form)}";

        Assert.True(PlivoSignatureV3.IsValid("POST", Url, Form, Nonce, Token, header));
    }

    [Fact]
    public void Several_signatures_fail_when_none_is_right()
    {
        var header = $"{Sign(Url, Form, token: OtherToken)},{Sign(Url, Form, token: "third-token")}";

        Assert.False(PlivoSignatureV3.IsValid("POST", Url, Form, Nonce, Token, header));
    }

    [Theory]
    [InlineData("")]
    [InlineData(",")]
    [InlineData("not base64 at all")]
    [InlineData("é")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_signature_header_fails_without_throwing(string header) =>
        Assert.False(PlivoSignatureV3.IsValid("POST", Url, Form, Nonce, Token, header));

    [Fact]
    public void Explicit_port_is_part_of_the_signed_text() =>
        Assert.StartsWith(
            "https://dialstatus.example.net:8443/api/dialstatus/action?",
            PlivoSignatureV3.BuildSignedText("POST", "https://dialstatus.example.net:8443/api/dialstatus/action", Form, Nonce),
            StringComparison.Ordinal);

    [Fact]
    public void Signature_computed_with_an_explicit_port_validates_for_that_url()
    {
        const string url = "https://dialstatus.example.net:8443/api/dialstatus/action?tenant=acme";

        Assert.True(PlivoSignatureV3.IsValid("POST", url, Form, Nonce, Token, Sign(url, Form)));
    }

    [Fact]
    public void Signature_computed_with_an_explicit_port_fails_for_the_url_without_it() =>
        Assert.False(PlivoSignatureV3.IsValid(
            "POST", Url, Form, Nonce, Token, Sign("https://dialstatus.example.net:8443/api/dialstatus/action?tenant=acme", Form)));

    [Theory]
    [InlineData("https://dialstatus.example.net/api/dialstatus/action?tenant=acme", "https://dialstatus.example.net:443/api/dialstatus/action?tenant=acme")]
    [InlineData("https://dialstatus.example.net:443/api/dialstatus/action?tenant=acme", "https://dialstatus.example.net/api/dialstatus/action?tenant=acme")]
    [InlineData("http://localhost:80/api/dialstatus/action", "http://localhost/api/dialstatus/action")]
    public void Validator_accepts_a_url_that_Plivo_signed_with_or_without_the_default_port(string signedUrl, string requestUrl) =>
        Assert.Equal(SignatureCheck.Valid, Validator().Check(Headers(Sign(signedUrl, Form)), "POST", requestUrl, new SignedFields(Form)));

    [Fact]
    public void Validator_refuses_a_signature_for_another_host()
    {
        var signature = Sign("https://other.example.net/api/dialstatus/action?tenant=acme", Form);

        Assert.Equal(SignatureCheck.Mismatch, Validator().Check(Headers(signature), "POST", Url, new SignedFields(Form)));
    }

    [Theory]
    [InlineData("https://h/p", "https://h:443/p")]
    [InlineData("https://h:443/p", "https://h/p")]
    [InlineData("http://h/p", "http://h:80/p")]
    [InlineData("http://h:8080/p?q", "http://h/p?q")]
    [InlineData("https://h:8443/p?a=1#rc=3", "https://h/p?a=1#rc=3")]
    [InlineData("https://[::1]:8443/p", "https://[::1]/p")]
    [InlineData("https://[::1]/p", "https://[::1]:443/p")]
    [InlineData("https://h", "https://h:443")]
    [InlineData("https://h?x=a@b:1", "https://h:443?x=a@b:1")]
    [InlineData("https://user:pass@h/p", "https://user:pass@h:443/p")]
    [InlineData("https://user:pass@h:443/p", "https://user:pass@h/p")]
    [InlineData("HTTPS://H/p", "HTTPS://H:443/p")]
    public void Port_toggling_removes_an_explicit_port_or_adds_the_default_one(string url, string toggled) =>
        Assert.Equal(toggled, PlivoSignatureValidator.WithPortToggled(url));

    [Theory]
    [InlineData("ftp://h/p")]
    [InlineData("not a url")]
    [InlineData("/api/dialstatus/action")]
    public void Port_toggling_gives_null_without_a_known_default_port(string url) =>
        Assert.Null(PlivoSignatureValidator.WithPortToggled(url));

    [Fact]
    public void GET_signs_the_url_with_its_query_and_no_params()
    {
        const string url = "https://hooks.example.org/plivo/ring?From=%2B14155550123&CallUUID=abc";

        Assert.True(PlivoSignatureV3.IsValid("GET", url, [], Nonce, Token, Sign(url, [], "GET")));
    }

    [Fact]
    public void GET_with_its_query_passed_again_as_params_fails()
    {
        const string url = "https://hooks.example.org/plivo/ring?From=%2B14155550123&CallUUID=abc";
        var signature = Sign(url, [], "GET");

        Assert.False(PlivoSignatureV3.IsValid("GET", url, PlivoParameters.ParseUrlEncoded(new Uri(url).Query), Nonce, Token, signature));
    }

    [Fact]
    public void GET_and_POST_of_the_same_url_sign_differently()
    {
        var signature = Sign(Url, Form, "GET");

        Assert.False(PlivoSignatureV3.IsValid("POST", Url, Form, Nonce, Token, signature));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("post")]
    [InlineData("Post")]
    [InlineData("PUT")]
    [InlineData("")]
    public void Method_other_than_upper_case_GET_or_POST_throws(string method) =>
        Assert.Throws<ArgumentException>(() => PlivoSignatureV3.BuildSignedText(method, Url, Form, Nonce));

    [Fact]
    public void Lower_case_method_throws_when_validating() =>
        Assert.Throws<ArgumentException>(() => PlivoSignatureV3.IsValid("post", Url, Form, Nonce, Token, Sign(Url, Form)));

    [Fact]
    public void A_repeated_names_values_are_signed_in_ordinal_order_whatever_order_they_came_in() =>
        Assert.Equal(
            "https://dialstatus.example.net/api/dialstatus/hangup?CallUUIDabcX-PH-TagBX-PH-TagaX-PH-Tagb.nonce",
            PlivoSignatureV3.BuildSignedText("POST", "https://dialstatus.example.net/api/dialstatus/hangup",
                PlivoParameters.ParseUrlEncoded("X-PH-Tag=b&CallUUID=abc&X-PH-Tag=a&X-PH-Tag=B"), "nonce"));

    [Fact]
    public void A_repeated_query_names_values_are_signed_in_ordinal_order_whatever_order_they_came_in() =>
        Assert.Equal(
            "https://dialstatus.example.net/api/dialstatus/ring?CallUUID=abc&Tag=B&Tag=a&Tag=b.nonce",
            PlivoSignatureV3.BuildSignedText("GET", "https://dialstatus.example.net/api/dialstatus/ring?Tag=b&CallUUID=abc&Tag=a&Tag=B", [], "nonce"));

    [Fact]
    public void A_method_Plivo_does_not_sign_is_a_programming_error_naming_it() =>
        Assert.StartsWith("Plivo signs only GET and POST requests, not 'PUT'.",
            Assert.Throws<ArgumentException>(() => PlivoSignatureV3.BuildSignedText("PUT", Url, Form, Nonce)).Message, StringComparison.Ordinal);

    [Fact]
    public void Fragment_is_left_out_of_the_signed_text() =>
        Assert.Equal(
            PlivoSignatureV3.BuildSignedText("POST", Url, Form, Nonce),
            PlivoSignatureV3.BuildSignedText("POST", Url + "#rc=3&rp=ct,rt,5xx", Form, Nonce));

    [Fact]
    public void Signature_made_without_the_fragment_validates_for_the_url_with_it() =>
        Assert.True(PlivoSignatureV3.IsValid("POST", Url + "#rc=3&rp=all", Form, Nonce, Token, Sign(Url, Form)));

    [Fact]
    public void Fragment_on_a_url_without_a_query_is_dropped() =>
        Assert.Equal(
            "https://h/p.5",
            PlivoSignatureV3.BuildSignedText("POST", "https://h/p#a=1?b=2", [], "5"));

    [Fact]
    public void User_info_is_removed_from_the_signed_text() =>
        Assert.Equal(
            PlivoSignatureV3.BuildSignedText("POST", Url, Form, Nonce),
            PlivoSignatureV3.BuildSignedText("POST", "https://user:p%40ss@dialstatus.example.net/api/dialstatus/action?tenant=acme", Form, Nonce));

    [Fact]
    public void User_info_removal_keeps_the_port() =>
        Assert.Equal("https://h:8443/p.5", PlivoSignatureV3.BuildSignedText("POST", "https://u:p@h:8443/p", [], "5"));

    [Fact]
    public void At_sign_in_the_query_is_not_mistaken_for_user_info() =>
        Assert.Equal(
            "https://h/p?email=a@b.5",
            PlivoSignatureV3.BuildSignedText("POST", "https://h/p?email=a@b", [], "5"));

    [Fact]
    public void Validator_accepts_a_correctly_signed_request() =>
        Assert.Equal(SignatureCheck.Valid, Validator().Check(Headers(Sign(Url, Form)), "POST", Url, new SignedFields(Form)));

    [Fact]
    public void Validator_reads_header_names_case_insensitively()
    {
        var headers = new HeaderDictionary
        {
            ["x-plivo-signature-v3"] = Sign(Url, Form),
            ["x-plivo-signature-v3-nonce"] = Nonce,
        };

        Assert.Equal(SignatureCheck.Valid, Validator().Check(headers, "POST", Url, new SignedFields(Form)));
    }

    [Fact]
    public void Validator_refuses_a_wrong_signature() =>
        Assert.Equal(SignatureCheck.Mismatch, Validator().Check(Headers(Sign(Url, Form, token: OtherToken)), "POST", Url, new SignedFields(Form)));

    [Theory]
    [InlineData("signature")]
    [InlineData("nonce")]
    [InlineData("empty signature")]
    public void Validator_refuses_a_request_without_both_headers(string missing)
    {
        var headers = missing switch
        {
            "signature" => Headers(signature: null),
            "nonce" => Headers(Sign(Url, Form), nonce: null),
            _ => Headers(""),
        };

        Assert.Equal(SignatureCheck.MissingHeaders, Validator().Check(headers, "POST", Url, new SignedFields(Form)));
    }

    [Fact]
    public void Validator_with_signature_checking_off_accepts_anything() =>
        Assert.Equal(SignatureCheck.NotChecked, Validator(validate: false, token: null).Check(new HeaderDictionary(), "POST", Url, new SignedFields(Form)));

    [Fact]
    public void With_the_main_accounts_token_a_subaccounts_request_is_accepted_by_its_Ma_V3_signature()
    {
        const string nonce = "12345678901234567890";
        var headers = new HeaderDictionary
        {
            [PlivoSignatureV3.SignatureHeader] = PlivoSignatureV3.ComputeSignature("POST", Url, Form, nonce, "subaccount-token"),
            [PlivoSignatureV3.MainAccountSignatureHeader] = PlivoSignatureV3.ComputeSignature("POST", Url, Form, nonce, Token),
            [PlivoSignatureV3.NonceHeader] = nonce,
        };

        Assert.Equal(SignatureCheck.Valid, Validator().Check(headers, "POST", Url, new SignedFields(Form)));
    }

    [Fact]
    public void A_forged_Ma_V3_signature_does_not_rescue_an_invalid_request()
    {
        const string nonce = "12345678901234567890";
        var headers = new HeaderDictionary
        {
            [PlivoSignatureV3.SignatureHeader] = PlivoSignatureV3.ComputeSignature("POST", Url, Form, nonce, "subaccount-token"),
            [PlivoSignatureV3.MainAccountSignatureHeader] = PlivoSignatureV3.ComputeSignature("POST", Url, Form, nonce, "another-token"),
            [PlivoSignatureV3.NonceHeader] = nonce,
        };

        Assert.Equal(SignatureCheck.Mismatch, Validator().Check(headers, "POST", Url, new SignedFields(Form)));
    }
}
