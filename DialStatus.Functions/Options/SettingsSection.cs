using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DialStatus.Functions.Options;

/// <summary>
/// Reads one section of app settings the way people write them: in the portal, in <c>local.settings.json</c>
/// (<c>Section__Name</c>) or in code (<c>Section:Name</c>). One rule for every setting: unset or blank means the
/// default; text loses the spaces and line breaks a paste leaves around it (and the app says so at start-up);
/// a number, a boolean or a choice that does not read as one is a problem that names the setting in both
/// spellings and says what would be valid.
/// </summary>
internal sealed class SettingsSection(IConfiguration configuration, string section)
{
    private readonly IConfiguration _values = configuration.GetSection(section);

    /// <summary>What could not be read, one line each.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Settings whose value had spaces or line breaks around it.</summary>
    public List<string> Trimmed { get; } = [];

    /// <summary><c>Section:Name (Section__Name)</c>: how errors name a setting, so either spelling is found.</summary>
    public static string Name(string section, string key) => $"{section}:{key} ({section}__{key})";

    public string Name(string key) => Name(section, key);

    /// <summary>The text, without surrounding whitespace; null when unset or blank.</summary>
    public string? Text(string key) => Trim(_values[key], Name(key));

    public int? Number(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        Problems.Add($"{Name(key)} must be a whole number, not '{text}' (leave it empty for the default).");
        return null;
    }

    public bool? Flag(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }
        if (bool.TryParse(text, out var flag))
        {
            return flag;
        }
        Problems.Add($"{Name(key)} must be true or false, not '{text}' (leave it empty for the default).");
        return null;
    }

    /// <summary>One of <typeparamref name="T"/>'s names, in any letter case; numbers are not names.</summary>
    public T? Choice<T>(string key)
        where T : struct, Enum
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }
        if (!text.Any(char.IsAsciiDigit) && Enum.TryParse<T>(text, ignoreCase: true, out var choice) && Enum.IsDefined(choice))
        {
            return choice;
        }
        var allowed = string.Join(" or ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        Problems.Add($"{Name(key)} must be {allowed}, not '{text}'.");
        return null;
    }

    /// <summary>A value that is not under this section (such as the connection string a section is named after, or an environment variable).</summary>
    public string? Trim(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length != value.Length)
        {
            Trimmed.Add(name);
        }
        return trimmed;
    }
}
