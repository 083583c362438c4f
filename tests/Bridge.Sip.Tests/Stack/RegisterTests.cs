using System.Collections.Concurrent;
using Bridge.Sip.Auth;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Stack;

/// <summary>Issue 12: REGISTER as a UAC (RFC 3261 §10.2) against a registrar on loopback that challenges with digest.</summary>
public sealed class RegisterTests
{
    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Md5)]
    public async Task Registers_with_digest_and_refreshes_with_the_same_Call_ID_and_a_higher_CSeq(DigestAlgorithm algorithm)
    {
        var registrar = await Registrar.StartAsync("7000", "s3cret", algorithm);
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any });
        var registration = new SipRegistration(registrar.Uri, "7000", "7000", () => "s3cret");

        var first = await bridge.RegisterAsync(registration, TimeSpan.FromSeconds(300), CancellationToken.None);
        var refresh = await bridge.RegisterAsync(registration, TimeSpan.FromSeconds(300), CancellationToken.None);

        Assert.True(first.Success, $"{first.Status} {first.Reason}");
        Assert.Equal(TimeSpan.FromSeconds(120), first.Granted); // the registrar's Contact expires= wins over what we asked
        Assert.True(refresh.Success);
        var accepted = registrar.Accepted.ToArray();
        Assert.Equal(2, accepted.Length);
        Assert.Equal(accepted[0].CallId, accepted[1].CallId);
        Assert.True(accepted[1].CSeq!.Value.Number > accepted[0].CSeq!.Value.Number);
        Assert.Equal("7000", accepted[0].To!.Uri.User);
        Assert.Equal("7000", accepted[0].Contact!.Uri.User);
        Assert.Equal("300", accepted[0].Headers["Expires"]);
        await registrar.Endpoint.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_password_ends_in_the_registrars_refusal_after_one_try()
    {
        var registrar = await Registrar.StartAsync("7000", "s3cret", DigestAlgorithm.Sha256);
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any });

        var result = await bridge.RegisterAsync(new SipRegistration(registrar.Uri, "7000", "7000", () => "wrong"), TimeSpan.FromSeconds(300), CancellationToken.None);

        Assert.Equal(403, result.Status);
        Assert.Equal(2, registrar.Seen); // the first REGISTER and one answer to the challenge, no more
        await registrar.Endpoint.DisposeAsync();
    }

    /// <summary>A registrar on loopback: 401 (SHA-256 or MD5), then 200 with the binding, or 403 for wrong credentials.</summary>
    private sealed class Registrar
    {
        private int _seen;

        private Registrar(SipEndpoint endpoint, SipUri uri)
        {
            Endpoint = endpoint;
            Uri = uri;
        }

        public SipEndpoint Endpoint { get; }

        public SipUri Uri { get; }

        public ConcurrentQueue<SipRequest> Accepted { get; } = new();

        public int Seen => Volatile.Read(ref _seen);

        public static async Task<Registrar> StartAsync(string user, string password, DigestAlgorithm algorithm)
        {
            var server = new SipDigestServer(new DigestNonces(TimeProvider.System, TimeSpan.FromMinutes(5)), "pbx.test");
            var endpoint = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any });
            var registrar = new Registrar(endpoint, SipUri.Parse($"sip:127.0.0.1:{Endpoints.Bound(endpoint, SipTransportNames.Udp).Port}"));
            endpoint.OutOfDialogRequestHandler = (request, _) =>
            {
                Interlocked.Increment(ref registrar._seen);
                var (verdict, _) = server.Verify(request, name => name == user ? password : null, [algorithm]);
                if (verdict is DigestVerdict.Missing or DigestVerdict.Stale)
                {
                    var challenge = endpoint.CreateResponse(request, 401);
                    server.AddChallenges(challenge, verdict == DigestVerdict.Stale, [algorithm]);
                    return challenge;
                }

                if (verdict != DigestVerdict.Valid)
                {
                    return endpoint.CreateResponse(request, 403);
                }

                request.Detach();
                registrar.Accepted.Enqueue(request);
                var ok = endpoint.CreateResponse(request, 200);
                ok.Headers.Add("Contact", request.Headers["Contact"] + ";expires=120");
                return ok;
            };
            return registrar;
        }
    }
}
