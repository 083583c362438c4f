using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Dialogs;

public sealed class OutOfDialogTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly SipUserAgent _ua;

    public OutOfDialogTests()
    {
        _channel = new InMemoryChannel(_time);
        _ua = new SipUserAgent(_channel, _time, new SipEndpointOptions(), NullLogger.Instance);
    }

    private SipResponse Answer(SipRequest request)
    {
        _ua.OnMessage(request, SipText.Phone);
        return (SipResponse)_channel.Sent.Last().Message;
    }

    [Fact]
    public void Options_gets_200_with_Allow_Accept_and_Supported()
    {
        var response = Answer(SipText.Request(SipMethods.Options));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE", response.Headers["Allow"]);
        Assert.Equal("application/sdp", response.Headers["Accept"]);
        Assert.True(response.Headers.Contains("Supported"));
        Assert.NotNull(response.To!.Tag);
    }

    [Fact]
    public void Register_gets_405_with_Allow_and_unknown_methods_501()
    {
        var register = Answer(SipText.Request(SipMethods.Register));
        var unknown = Answer(SipText.Request("FROBNICATE"));

        Assert.Equal(405, register.StatusCode);
        Assert.NotNull(register.Headers["Allow"]);
        Assert.Equal(501, unknown.StatusCode);
    }

    [Fact]
    public void The_application_can_answer_out_of_dialog_requests_itself()
    {
        _ua.OutOfDialogRequestHandler = (request, _) => _ua.CreateResponse(request, 404, "Not Found");

        Assert.Equal(404, Answer(SipText.Request(SipMethods.Register)).StatusCode);
    }

    [Fact]
    public void In_dialog_requests_without_a_dialog_get_481()
    {
        Assert.Equal(481, Answer(SipText.Request(SipMethods.Bye, toTag: "nope")).StatusCode);
        Assert.Equal(481, Answer(SipText.Request(SipMethods.Info, toTag: "nope", branch: "z9hG4bK-2")).StatusCode);
    }

    [Fact]
    public void Max_forwards_zero_gets_483()
    {
        var request = SipText.Request(SipMethods.Options);
        request.Headers.Set("Max-Forwards", "0");

        Assert.Equal(483, Answer(request).StatusCode);
    }

    [Fact]
    public void Invite_without_an_application_handler_is_declined_480()
    {
        _ua.OnMessage(SipText.Request(SipMethods.Invite, body: "v=0\r\n"), SipText.Phone);

        Assert.Single(_channel.Responses(100));
        Assert.Single(_channel.Responses(480));
    }

    [Fact]
    public void Invite_with_a_body_other_than_sdp_gets_415_with_Accept()
    {
        var invite = SipText.Request(SipMethods.Invite, body: "<xml/>");
        invite.Headers.Set("Content-Type", "application/xml");
        _ua.IncomingCallHandler = _ => Task.CompletedTask;
        _ua.OnMessage(invite, SipText.Phone);

        var response = _channel.Responses(415).Single();
        Assert.Equal("application/sdp", response.Headers["Accept"]);
    }

    [Fact]
    public void Required_extension_gets_420_with_Unsupported()
    {
        var response = Answer(SipText.Request(SipMethods.Options, extra: "Require: 100rel\n"));

        Assert.Equal(420, response.StatusCode);
        Assert.Equal("100rel", response.Headers["Unsupported"]);
    }
}
