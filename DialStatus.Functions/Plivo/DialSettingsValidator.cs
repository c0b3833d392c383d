using System.Text;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo.Xml;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Plivo;

/// <summary>
/// The <c>Dial:</c> settings as Plivo's <c>&lt;Dial&gt;</c> and <c>&lt;Speak&gt;</c> take them (docs/plivo.md §5); each failure names the
/// setting in both spellings and says what would be valid.
/// </summary>
internal sealed partial class DialSettingsValidator : IValidateOptions<DialOptions>
{
    public ValidateOptionsResult Validate(string? name, DialOptions options)
    {
        var errors = new List<string>(options.Source?.Problems ?? []);
        var (targets, targetErrors) = DialTarget.ParseList(options.Targets);
        errors.AddRange(targetErrors.Select(error => $"{Setting(nameof(options.Targets))}: {error}."));
        if (targets.Count == 0 && targetErrors.Count == 0)
        {
            errors.Add($"{Setting(nameof(options.Targets))} is required: comma-separated E.164 numbers and sip: URIs to connect callers to.");
        }
        if (options.CallerName is { Length: > Dial.MaxCallerNameLength })
        {
            errors.Add($"{Setting(nameof(options.CallerName))} must be at most {Dial.MaxCallerNameLength} characters (Plivo's limit), not {options.CallerName.Length}.");
        }
        if (options.TimeoutSeconds is <= 0)
        {
            errors.Add($"{Setting(nameof(options.TimeoutSeconds))} must be a positive number of seconds, not {options.TimeoutSeconds}.");
        }
        if (options.TimeLimitSeconds is <= 0)
        {
            errors.Add($"{Setting(nameof(options.TimeLimitSeconds))} must be a positive number of seconds, not {options.TimeLimitSeconds}.");
        }
        if (options.CallerId is not null && !CallerIdPattern().IsMatch(options.CallerId))
        {
            errors.Add($"{Setting(nameof(options.CallerId))} must be a phone number in E.164 form, with or without its + (2 to 15 digits, the first not 0, e.g. +14155550100), as Plivo's <Dial callerId> takes it; leave it empty to show the caller's own number.");
        }
        AddXmlTextErrors(errors, nameof(options.CallerName), options.CallerName);
        if (AddXmlTextErrors(errors, nameof(options.UnansweredMessage), options.UnansweredMessage)
            && options.UnansweredMessage is { } message
            && Encoding.UTF8.GetByteCount(new PlivoResponse().Add(new Speak(message)).ToXml()) > PlivoResponse.MaxDocumentBytes)
        {
            errors.Add($"{Setting(nameof(options.UnansweredMessage))} is too long: Plivo takes XML documents of at most {PlivoResponse.MaxDocumentBytes / 1000} KB, and the <Speak> of this message would be larger.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>E.164 digits, the + optional: Plivo's examples write a Dial's callerId both ways.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\+?[1-9][0-9]{1,14}$")]
    private static partial System.Text.RegularExpressions.Regex CallerIdPattern();

    private static string Setting(string key) => SettingsSection.Name(DialOptions.Section, key);

    /// <summary>Adds an error when <paramref name="value"/> cannot be XML text; whether it can.</summary>
    private static bool AddXmlTextErrors(List<string> errors, string key, string? value)
    {
        if (value is not null && !PlivoXmlText.IsValid(value))
        {
            errors.Add($"{Setting(key)} contains characters that XML cannot carry (control characters or broken surrogate pairs).");
            return false;
        }
        return true;
    }
}
