using System.Security.Cryptography;
using System.Text;

namespace DialStatus.Functions.Pages;

/// <summary>
/// The pages' one style sheet, written inline so that a page needs nothing from anywhere else (it works offline
/// and tells no third party it was opened), and the Content-Security-Policy that allows that sheet by its hash
/// and nothing else: no script at all, no images, fonts or fetches, no framing, forms only back to the app.
/// </summary>
internal static class PageStyle
{
    public const string Css = """
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:72rem;padding:1rem;color:#1f2328;background:#fff;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        h1{font-size:1.5rem;margin:.75rem 0}
        h2{font-size:1.2rem;margin:2rem 0 .5rem}
        a{color:#0550ae}
        nav,form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
        input,button{font:inherit;padding:.2rem .4rem}
        table{border-collapse:collapse;margin:.5rem 0}
        caption{text-align:left;font-weight:600;padding:.25rem 0}
        th,td{border-bottom:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}
        thead th{border-bottom:2px solid #1f2328}
        .n{text-align:right;font-variant-numeric:tabular-nums}
        tfoot th,tfoot td{font-weight:600;border-top:2px solid #1f2328}
        .id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
        .sub{display:block;color:#59636e;font-size:.9em}
        .v{overflow-wrap:anywhere;white-space:pre-wrap}
        .scroll{overflow-x:auto}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
        .facts dt{font-weight:600}
        .facts dd{margin:0;overflow-wrap:anywhere}
        figure{margin:0}
        svg{display:block;width:100%;height:auto;max-height:18rem}
        .axis{stroke:#59636e;stroke-width:1}
        .grid{stroke:#d0d7de;stroke-width:1}
        .tick{fill:#59636e;font-size:11px}
        .legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        .swatch{display:inline-block;width:.8em;height:.8em;margin-right:.35em;border-radius:2px}
        .completed{fill:#1a7f37;background:#1a7f37}
        .busy{fill:#bf8700;background:#bf8700}
        .no-answer{fill:#0969da;background:#0969da}
        .failed{fill:#cf222e;background:#cf222e}
        .timeout{fill:#8250df;background:#8250df}
        .cancel{fill:#6e7781;background:#6e7781}
        .other0{fill:#bc4c00;background:#bc4c00}
        .other1{fill:#1b7c83;background:#1b7c83}
        .other2{fill:#bf3989;background:#bf3989}
        .other3{fill:#4d2d00;background:#4d2d00}
        details summary{cursor:pointer;color:#0550ae}
        details table{margin:.25rem 0 0;font-size:.9em}
        footer{margin-top:2rem;color:#59636e;font-size:.9rem}
        @media (max-width:40rem){
        body{padding:.5rem}
        .stack>thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        .stack,.stack>tbody,.stack>tbody>tr,.stack>tbody>tr>td{display:block;width:100%}
        .stack>tbody>tr{border-bottom:2px solid #1f2328;padding:.25rem 0}
        .stack>tbody>tr>td{display:flow-root;border:0;padding:.2rem 0 .2rem 7.5rem}
        .stack>tbody>tr>td::before{content:attr(data-label);float:left;width:7rem;margin-left:-7.5rem;font-weight:600}
        .stack details tr,.stack details th,.stack details td{display:block;padding:.1rem 0}
        .stack details tr{border-bottom:1px solid #d0d7de}
        .stack details th,.stack details td{border:0}
        }
        """;

    /// <summary>Outcome colours the sheet names; a status without one takes an <c>other</c> colour.</summary>
    private static readonly string[] StatusClasses = ["completed", "busy", "no-answer", "failed", "timeout", "cancel"];

    private const int OtherClasses = 4;

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The colour class of each status of a page, in its order. Class names come from the sheet, never from the
    /// status: a status Plivo adds later (or a hostile one) gets one of the <c>other</c> colours by its position.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ColourClasses(IEnumerable<string> statuses)
    {
        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        var others = 0;
        foreach (var status in statuses)
        {
            classes[status] = Array.IndexOf(StatusClasses, status) is var known and >= 0
                ? StatusClasses[known]
                : $"other{others++ % OtherClasses}";
        }
        return classes;
    }
}
