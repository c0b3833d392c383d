using System.Security.Cryptography;
using System.Text;

namespace DialStatus.Tests.Infrastructure;

/// <summary>Call UUIDs with readable names: the app accepts only UUIDs, as Plivo sends, and tests still say which call is which.</summary>
public static class TestCalls
{
    /// <summary>The same UUID for the same name, every run (a hash, not a secret).</summary>
    public static string Uuid(string name) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(name))).ToString();
}
