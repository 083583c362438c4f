using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bridge.Sdp;

namespace Bridge.Benchmarks.Sdp;

/// <summary>
/// Per-call signalling cost of SDP: parse a typical SRTP desk-phone offer, answer it, write the answer.
/// Run: <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*SdpBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SdpBenchmarks
{
    private const string Offer =
        "v=0\r\no=- 2129341873 1004521935 IN IP4 192.0.2.50\r\ns=-\r\nc=IN IP4 192.0.2.50\r\nt=0 0\r\n" +
        "m=audio 24430 RTP/SAVP 96 9 0 8 101\r\nb=AS:64\r\na=rtpmap:96 opus/48000/2\r\na=fmtp:96 useinbandfec=1\r\n" +
        "a=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n" +
        "a=sendrecv\r\na=rtcp-mux\r\na=ptime:20\r\n" +
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\r\n" +
        "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj\r\n";

    private readonly NegotiationOptions _options = new() { MediaAddress = IPAddress.Parse("192.0.2.1") };
    private readonly SdpSessionVersion _version = new();
    private readonly byte[] _offer = Encoding.UTF8.GetBytes(Offer);
    private SessionDescription _parsed = null!;

    /// <summary>Parses once so the answer benchmark measures negotiation alone.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (!SessionDescription.TryParse(_offer, out SessionDescription? sdp, out string? error))
        {
            throw new InvalidOperationException(error);
        }

        _parsed = sdp;
    }

    /// <summary>Parse only.</summary>
    [Benchmark]
    public SessionDescription? Parse() => SessionDescription.TryParse(_offer, out SessionDescription? sdp, out _) ? sdp : null;

    /// <summary>Negotiate an already parsed offer (includes a fresh SRTP key from the system RNG).</summary>
    [Benchmark]
    public OfferAnswerResult Answer() => OfferAnswer.Answer(_parsed, 30000, _options, _version);

    /// <summary>What a call leg does per INVITE: parse, answer, write the answer body.</summary>
    [Benchmark(Baseline = true)]
    public byte[] ParseAnswerWrite()
    {
        _ = SessionDescription.TryParse(_offer, out SessionDescription? sdp, out _);
        return OfferAnswer.Answer(sdp!, 30000, _options, _version).Answer!.ToBytes();
    }
}
