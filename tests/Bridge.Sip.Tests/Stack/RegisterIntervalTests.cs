using System.Collections.Concurrent;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Stack;

/// <summary>RFC 3261 §10.2.8: a registrar that finds the interval too brief answers 423 with Min-Expires; the bridge asks
/// again, once, with that interval.</summary>
public sealed class RegisterIntervalTests
{
    [Fact]
    public async Task A_423_is_retried_once_with_the_registrars_Min_Expires()
    {
        var expires = new ConcurrentQueue<string>();
        await using var registrar = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any });
        registrar.OutOfDialogRequestHandler = (request, _) =>
        {
            expires.Enqueue(request.Headers["Expires"] ?? "none");
            if (request.Headers["Expires"] != "600")
            {
                var brief = registrar.CreateResponse(request, 423);
                brief.Headers.Add("Min-Expires", "600");
                return brief;
            }

            var ok = registrar.CreateResponse(request, 200);
            ok.Headers.Add("Contact", request.Headers["Contact"] + ";expires=600");
            return ok;
        };
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any });
        var uri = SipUri.Parse($"sip:127.0.0.1:{Endpoints.Bound(registrar, SipTransportNames.Udp).Port}");

        var result = await bridge.RegisterAsync(new SipRegistration(uri, "7000", "7000", () => "pw"), TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.True(result.Success, $"{result.Status} {result.Reason}");
        Assert.Equal(TimeSpan.FromSeconds(600), result.Granted);
        Assert.Equal(["60", "600"], expires.ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("30")]
    public async Task A_423_without_a_usable_larger_Min_Expires_is_a_failure_after_one_try(string? minExpires)
    {
        var seen = 0;
        await using var registrar = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any });
        registrar.OutOfDialogRequestHandler = (request, _) =>
        {
            Interlocked.Increment(ref seen);
            var brief = registrar.CreateResponse(request, 423);
            if (minExpires is not null)
            {
                brief.Headers.Add("Min-Expires", minExpires);
            }

            return brief;
        };
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any });
        var uri = SipUri.Parse($"sip:127.0.0.1:{Endpoints.Bound(registrar, SipTransportNames.Udp).Port}");

        var result = await bridge.RegisterAsync(new SipRegistration(uri, "7000", "7000", () => "pw"), TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(423, result.Status);
        Assert.False(result.Success);
        Assert.Equal(1, Volatile.Read(ref seen));
    }
}
