namespace DialStatus.Functions.Plivo.Xml;

/// <summary><c>&lt;Speak&gt;</c>: text to speech, in Plivo's default voice and language.</summary>
internal sealed class Speak(string text) : PlivoElement("Speak", text);

/// <summary><c>&lt;Hangup/&gt;</c>: ends the call now.</summary>
internal sealed class Hangup() : PlivoElement("Hangup");
