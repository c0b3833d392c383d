using DialStatus.Functions.Options;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// Phone numbers and SIP users are personal data: logs show only their last 4 characters unless
/// <c>DialStatus:MaskPhoneNumbersInLogs</c> is false. The records table always keeps them in full.
/// </summary>
public sealed class PhoneNumberMask(IOptions<DialStatusOptions> options)
{
    private const int VisibleCharacters = 4;

    private readonly bool _enabled = options.Value.MaskPhoneNumbersInLogs;

    public string? ForLog(string? value) => _enabled ? Mask(value) : value;

    /// <summary><c>+14155550123</c> → <c>+*******0123</c>; <c>sip:alice@host</c> → <c>sip:*lice@host</c>.</summary>
    public static string? Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }
        var start = value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? 4 : value.StartsWith('+') ? 1 : 0;
        var at = value.IndexOf('@', start);
        var end = at < 0 ? value.Length : at;
        var maskedLength = Math.Max(0, end - start - VisibleCharacters);
        if (maskedLength == 0)
        {
            // Too short to keep 4 characters and still hide anything: hide it all.
            return string.Concat(value.AsSpan(0, start), new string('*', end - start), value.AsSpan(end));
        }
        return string.Concat(value.AsSpan(0, start), new string('*', maskedLength), value.AsSpan(start + maskedLength));
    }
}
