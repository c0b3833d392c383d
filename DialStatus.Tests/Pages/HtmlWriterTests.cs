using DialStatus.Functions.Pages;

namespace DialStatus.Tests.Pages;

/// <summary>The pages' writer takes element and attribute names only from the app, never from a value.</summary>
public sealed class HtmlWriterTests
{
    [Theory]
    [InlineData("img src=x onerror=alert(1)")]
    [InlineData("a\"")]
    [InlineData("")]
    public void The_writer_refuses_an_attribute_name_that_is_not_a_plain_name(string name)
    {
        Assert.Throws<ArgumentException>(() => HtmlWriter.Document("t", html => html.Element("p", "x", (name, "v"))));
    }

    [Fact]
    public void Only_HTML_void_elements_are_written_without_an_end_tag()
    {
        // In SVG, <line> without an end tag would take every element after it as its children.
        Assert.Throws<ArgumentException>(() => HtmlWriter.Document("t", html => html.Empty("line")));
    }

    [Fact]
    public void The_writer_encodes_text_and_attribute_values()
    {
        var html = HtmlWriter.Document("<t>", page => page.Element("a", "<b>&", ("href", "\"'>")));

        Assert.Contains("<title>&lt;t&gt;</title>", html);
        Assert.Contains("<a href=\"&quot;&#x27;&gt;\">&lt;b&gt;&amp;</a>", html);
    }
}
