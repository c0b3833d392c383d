using System.Diagnostics.CodeAnalysis;

namespace DialStatus.Functions;

/// <summary>
/// Every way a request can end, in one place. The reader, the handlers and the store all speak it;
/// <c>Functions/HttpReplies</c> alone turns it into HTTP.
/// </summary>
public abstract record Outcome
{
    private Outcome()
    {
    }

    /// <summary>200 with a Plivo XML document: the reply that steers (or acknowledges) a call.</summary>
    public sealed record Xml(string Document) : Outcome;

    /// <summary>200 with a JSON document: what the read endpoints answer.</summary>
    public sealed record Json(string Document) : Outcome;

    /// <summary>200 with an HTML page (<c>Pages/</c>), every value in it encoded: what the dashboard answers.</summary>
    public sealed record Page(string Html) : Outcome;

    /// <summary>204 without a body: what was asked to be deleted is gone, every record and index entry of it.</summary>
    public sealed record Erased : Outcome;

    /// <summary>A refusal told as an HTML page for a person: the status and log line of <paramref name="Refusal"/>.</summary>
    public sealed record RefusedPage(Refused Refusal, string Html) : Outcome;

    /// <summary>The request cannot be handled as sent; nothing was stored.</summary>
    public sealed record Refused(Refusal Reason, string Message) : Outcome;

    /// <summary>Table Storage did not take the write or answer the read in time; the sender should retry.</summary>
    public sealed record StorageUnavailable(string Reason, Exception? Cause = null) : Outcome;

    /// <summary>The caller went away, or the host is stopping, before the request was done.</summary>
    public sealed record Aborted : Outcome;

    /// <summary>A fault in the app itself, not in the request or in storage: logged with the endpoint, answered 500 without details.</summary>
    public sealed record Failed(Exception Cause) : Outcome;

    public static Refused BadRequest(string message) => new(Refusal.BadRequest, message);

    public static Refused MissingField(string field) => BadRequest($"Missing required field '{field}'.");

    public static Refused NotFound(string message) => new(Refusal.NotFound, message);
}

/// <summary>Why a request was refused; each reason is one HTTP status.</summary>
public enum Refusal
{
    /// <summary>400: a field is missing or malformed.</summary>
    BadRequest,

    /// <summary>403: no valid Plivo signature.</summary>
    Forbidden,

    /// <summary>404: nothing is stored under that name.</summary>
    NotFound,

    /// <summary>405: Plivo sends only GET and POST.</summary>
    MethodNotAllowed,

    /// <summary>413: the body, or a field, is too large to take or to store.</summary>
    TooLarge,

    /// <summary>415: the body is not a form (or, where accepted, JSON).</summary>
    UnsupportedMediaType,

    /// <summary>408: the client stopped sending the body before it was whole.</summary>
    RequestTimeout,

    /// <summary>409: what was asked to be deleted keeps changing; asking again later finishes the job.</summary>
    Conflict,

    /// <summary>400: Table Storage refused the write itself, so retrying the same request cannot help.</summary>
    StorageRefused,
}

/// <summary>The value of one step of a request, or the <see cref="Outcome"/> that ends the request there.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Outcome? ended)
    {
        _value = value;
        Ended = ended;
    }

    /// <summary>Null while the request goes on.</summary>
    public Outcome? Ended { get; }

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Outcome ended) => new(default, ended ?? throw new ArgumentNullException(nameof(ended)));

    /// <summary>The value when the step succeeded; otherwise false and the outcome that ends the request.</summary>
    public bool TryGet([MaybeNullWhen(false)] out T value, [MaybeNullWhen(true)] out Outcome ended)
    {
        value = _value;
        ended = Ended;
        return ended is null;
    }

    /// <summary>The value of a step that must have succeeded.</summary>
    public T Value => Ended is null ? _value! : throw new InvalidOperationException($"The step ended the request: {Ended}.");
}
