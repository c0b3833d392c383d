using DialStatus.Cli.Simulation;

namespace DialStatus.Tests.Cli;

/// <summary>How the simulator reads the app's XML replies into the steps a call takes, as Plivo runs them.</summary>
public sealed class CliXmlFollowingTests
{
    [Fact]
    public void A_Speak_reply_is_heard_and_the_call_ends_when_the_document_runs_out()
    {
        var steps = PlivoDocument.Steps("<Response><Speak>Nobody is available.</Speak></Response>");

        Assert.Equal([new SpeakStep("Nobody is available."), new EndStep(HangupCause.EndOfXml)], steps);
    }

    [Fact]
    public void A_next_Dial_is_followed_to_its_URLs_as_written_without_the_fragment_and_ends_the_document()
    {
        var steps = PlivoDocument.Steps(
            """
            <Response>
              <Dial action="https://app.example.net/api/dialstatus/action?tenant=acme&amp;attempt=2#rc=3&amp;rp=ct,rt,5xx" method="POST" redirect="true"
                    callbackUrl="https://app.example.net/api/dialstatus/callback?tenant=acme#rc=3" callbackMethod="POST" callerId="+14155550100">
                <Number>+14155550188</Number>
                <User>sip:alice@phone.plivo.com</User>
              </Dial>
              <Speak>never reached: the action's XML replaces this document</Speak>
            </Response>
            """);

        var dial = Assert.IsType<DialStep>(Assert.Single(steps));
        Assert.Equal(
            ("+14155550188|sip:alice@phone.plivo.com", "https://app.example.net/api/dialstatus/action?tenant=acme&attempt=2",
             "https://app.example.net/api/dialstatus/callback?tenant=acme", "+14155550100"),
            (string.Join('|', dial.Destinations), dial.Action, dial.CallbackUrl, dial.CallerId));
    }

    [Fact]
    public void A_Hangup_reply_ends_the_call_and_nothing_after_it_runs()
    {
        var steps = PlivoDocument.Steps("<Response><Hangup/><Speak>never heard</Speak></Response>");

        Assert.Equal([new EndStep(HangupCause.HangupElement)], steps);
    }

    [Fact]
    public void A_Dial_with_redirect_false_only_notifies_its_action_and_the_document_goes_on()
    {
        var steps = PlivoDocument.Steps(
            "<Response><Dial action=\"https://app.example.net/a\" redirect=\"false\"><Number>+14155550188</Number></Dial><Speak>Goodbye</Speak></Response>");

        Assert.Equal([typeof(DialStep), typeof(SpeakStep), typeof(EndStep)], steps.Select(s => s.GetType()));
    }

    [Fact]
    public void Plivo_posts_to_the_Dial_URLs_unless_the_XML_names_another_method()
    {
        var dial = (DialStep)PlivoDocument.Steps("<Response><Dial action=\"https://app.example.net/a\"><Number>+14155550188</Number></Dial></Response>")[0];

        Assert.Equal(("POST", "POST", true), (dial.ActionMethod, dial.CallbackMethod, dial.Redirect));
    }

    [Fact]
    public void An_element_that_would_request_a_URL_the_simulator_does_not_play_stops_the_call()
    {
        var steps = PlivoDocument.Steps("<Response><Redirect>https://app.example.net/next</Redirect></Response>");

        Assert.Equal([new UnsupportedStep("Redirect")], steps);
    }

    [Theory]
    [InlineData("not xml")]
    [InlineData("<Dial><Number>+14155550188</Number></Dial>")]
    [InlineData("<Response><Dial action=\"https://app.example.net/a\"></Dial></Response>")]
    public void A_reply_that_is_not_Plivo_XML_with_a_destination_per_Dial_is_refused(string xml) =>
        Assert.Throws<FormatException>(() => PlivoDocument.Steps(xml));
}
