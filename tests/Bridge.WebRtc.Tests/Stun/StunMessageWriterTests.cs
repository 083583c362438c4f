using System.Net;
using System.Text;
using Bridge.WebRtc.Stun;

namespace Bridge.WebRtc.Tests.Stun;

/// <summary>The writer reproduces RFC 5769 §2.1–2.3 to the octet (padding set to the RFC's spaces).</summary>
public sealed class StunMessageWriterTests
{
    [Fact]
    public void WritesTheSampleRequest()
    {
        using var integrity = new StunMessageIntegrity(Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword));
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Rfc5769Vectors.TransactionId);
        writer.AddSoftware("STUN test client"u8);
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY"u8, padding: 0x20);
        writer.AddMessageIntegrity(integrity);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.SampleRequest), Convert.ToHexString(writer.Written));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WritesTheSampleResponses(bool ipv6)
    {
        using var integrity = new StunMessageIntegrity(Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword));
        var mapped = ipv6
            ? new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853)
            : new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, Rfc5769Vectors.TransactionId);
        writer.AddSoftware("test vector"u8, padding: 0x20);
        Assert.True(writer.AddXorMappedAddress(mapped.Serialize()));
        writer.AddMessageIntegrity(integrity);
        writer.AddFingerprint();
        var expected = ipv6 ? Rfc5769Vectors.IPv6Response : Rfc5769Vectors.IPv4Response;
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void IPv4MappedSourceOfADualModeSocketIsWrittenAsIPv4()
    {
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.1").MapToIPv6(), 32853).Serialize();
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, Rfc5769Vectors.TransactionId);
        Assert.True(writer.AddXorMappedAddress(source));
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(writer.Written, out var reader));
        Assert.True(StunXorAddress.TryDecode(reader.XorMappedAddress, reader.TransactionId, out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
    }

    [Fact]
    public void ErrorResponseRoundTrips()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, Rfc5769Vectors.TransactionId);
        writer.AddErrorCode(StunErrorCode.UnknownAttribute);
        writer.AddUnknownAttributes([0x7F01, 0x0019, 0x0030]);
        writer.AddFingerprint();
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(writer.Written, out var reader));
        Assert.Equal(420, reader.ErrorCode);
        Assert.Equal("Unknown Attribute", Encoding.UTF8.GetString(reader.ErrorReason));
        Assert.True(StunFingerprint.Verify(writer.Written, reader.FingerprintOffset));
        Assert.Equal(0, writer.Length % 4);
    }

    [Fact]
    public void TooSmallABufferThrows()
    {
        var buffer = new byte[24];
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Rfc5769Vectors.TransactionId);
            writer.AddPriority(1);
            writer.AddFingerprint();
        });
    }
}
