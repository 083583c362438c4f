using System.Buffers;
using BenchmarkDotNet.Attributes;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;

namespace Bridge.Benchmarks.Sip;

/// <summary>
/// Parse and write costs of the SIP message layer: a ~900-byte INVITE with SDP, a 200 OK, and building the 200 OK
/// answer to the INVITE (RFC 3261 §8.2.6). Run: <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*SipMessage*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SipMessageBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly byte[] _invite = SipSamples.Invite;
    private readonly byte[] _response = SipSamples.Response;
    private readonly ReadOnlyMemory<byte> _answer = "v=0\r\no=bridge 1 1 IN IP4 198.51.100.7\r\ns=Bridge\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 30000 RTP/AVP 9 101\r\na=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n"u8.ToArray();
    private SipRequest _parsedInvite = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parsedInvite = (SipRequest)SipParser.ParseDatagram(_invite, SipParserLimits.Default).Message!;
        if (SipParser.ParseDatagram(_response, SipParserLimits.Default).Status != SipParseStatus.Ok)
        {
            throw new InvalidOperationException("sample response does not parse");
        }
    }

    /// <summary>Reference point on a busy machine: copying the datagram once (what <see cref="SipMessage.Detach"/> costs).</summary>
    [Benchmark(Baseline = true)]
    public byte[] CopyInvite() => _invite.AsSpan().ToArray();

    /// <summary>What the transports do for every datagram: parse in place, the message borrowing the receive buffer.</summary>
    [Benchmark]
    public SipMessage? ParseInvite() => SipParser.ParseDatagramInPlace(_invite, 0, _invite.Length, SipParserLimits.Default).Message;

    /// <summary>An INVITE that starts a transaction: parsed in place, then given its own copy of its bytes.</summary>
    [Benchmark]
    public SipMessage? ParseAndDetachInvite()
    {
        var message = SipParser.ParseDatagramInPlace(_invite, 0, _invite.Length, SipParserLimits.Default).Message;
        message?.Detach();
        return message;
    }

    [Benchmark]
    public SipMessage? ParseResponse() => SipParser.ParseDatagramInPlace(_response, 0, _response.Length, SipParserLimits.Default).Message;

    [Benchmark]
    public int WriteInvite()
    {
        _output.ResetWrittenCount();
        _parsedInvite.WriteTo(_output);
        return _output.WrittenCount;
    }

    /// <summary>Builds the 200 OK (copied headers, To tag, Contact, SDP answer) and writes it.</summary>
    [Benchmark]
    public int Write200()
    {
        var ok = SipResponse.CreateFor(_parsedInvite, 200);
        ok.Headers.Set(SipHeaderNames.To, "<sip:room-4711@bridge.example.com>;tag=b7d3e0c1");
        ok.Headers.Add(SipHeaderNames.Contact, "<sip:room-4711@198.51.100.7:5060>");
        ok.Headers.Add(SipHeaderNames.ContentType, "application/sdp");
        ok.Body = _answer;
        _output.ResetWrittenCount();
        ok.WriteTo(_output);
        return _output.WrittenCount;
    }
}
