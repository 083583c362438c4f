using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bridge.WebRtc.Stun;

namespace Bridge.WebRtc.Tests.Stun;

public sealed class StunMessageReaderTests
{
    [Fact]
    public void SampleRequestParsesAndVerifies()
    {
        var message = Rfc5769Vectors.SampleRequest;
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(message, out var reader));
        Assert.Equal(StunMessageType.BindingRequest, reader.Type);
        Assert.Equal(Rfc5769Vectors.TransactionId, reader.TransactionId.ToArray());
        Assert.Equal(Rfc5769Vectors.SampleRequestUsername, Encoding.UTF8.GetString(reader.Username));
        Assert.True(reader.HasPriority);
        Assert.Equal(0x6e0001ffu, reader.Priority);
        Assert.True(reader.HasIceControlled);
        Assert.Equal(0x932ff9b151263b36UL, reader.IceControlled);
        Assert.False(reader.HasIceControlling);
        Assert.False(reader.UseCandidate);
        Assert.Equal(0, reader.UnknownComprehensionRequiredCount);
        Assert.Equal(76, reader.MessageIntegrityOffset);
        Assert.Equal(100, reader.FingerprintOffset);
        AssertIntegrity(message, reader.MessageIntegrityOffset, Rfc5769Vectors.ShortTermPassword, expected: true);
        Assert.True(StunFingerprint.Verify(message, reader.FingerprintOffset));
    }

    [Theory]
    [InlineData(false, "192.0.2.1")]
    [InlineData(true, "2001:db8:1234:5678:11:2233:4455:6677")]
    public void SampleResponsesParseVerifyAndDecodeTheMappedAddress(bool ipv6, string address)
    {
        var message = ipv6 ? Rfc5769Vectors.IPv6Response : Rfc5769Vectors.IPv4Response;
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(message, out var reader));
        Assert.Equal(StunMessageType.BindingSuccessResponse, reader.Type);
        Assert.True(StunXorAddress.TryDecode(reader.XorMappedAddress, reader.TransactionId, out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), 32853), mapped);
        AssertIntegrity(message, reader.MessageIntegrityOffset, Rfc5769Vectors.ShortTermPassword, expected: true);
        Assert.True(StunFingerprint.Verify(message, reader.FingerprintOffset));
    }

    [Fact]
    public void LongTermRequestParsesAndVerifiesWithTheMd5Key()
    {
        var message = Rfc5769Vectors.LongTermRequest;
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(message, out var reader));
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", Encoding.UTF8.GetString(reader.Username));
        Assert.Equal(-1, reader.FingerprintOffset);
        Assert.Equal(0, reader.UnknownComprehensionRequiredCount);
        var key = MD5.HashData(Encoding.UTF8.GetBytes("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org:TheMatrIX"));
        using var integrity = new StunMessageIntegrity(key);
        Assert.True(integrity.Verify(message, reader.MessageIntegrityOffset));
    }

    [Fact]
    public void WrongPasswordFailsIntegrity()
    {
        var message = Rfc5769Vectors.SampleRequest;
        StunMessageReader.TryParse(message, out var reader);
        AssertIntegrity(message, reader.MessageIntegrityOffset, "VOkJxbRl1RmTxUk/WvJxBu", expected: false);
    }

    [Fact]
    public void FlippedBitFailsIntegrityAndFingerprint()
    {
        var message = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        message[45] ^= 0x01; // inside PRIORITY
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(message, out var reader));
        AssertIntegrity(message, reader.MessageIntegrityOffset, Rfc5769Vectors.ShortTermPassword, expected: false);
        Assert.False(StunFingerprint.Verify(message, reader.FingerprintOffset));
    }

    [Fact]
    public void WrongFingerprintValueFails()
    {
        var message = (byte[])Rfc5769Vectors.IPv4Response.Clone();
        message[^1] ^= 0x80;
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(message, out var reader));
        Assert.False(StunFingerprint.Verify(message, reader.FingerprintOffset));
        AssertIntegrity(message, reader.MessageIntegrityOffset, Rfc5769Vectors.ShortTermPassword, expected: true);
    }

    [Fact]
    public void EveryTruncationIsRejected()
    {
        var message = Rfc5769Vectors.SampleRequest;
        for (var length = 0; length < message.Length; length++)
        {
            var result = StunMessageReader.TryParse(message.AsSpan(0, length), out _);
            Assert.NotEqual(StunParseResult.Ok, result);
        }
    }

    [Fact]
    public void TruncatedWithAdjustedLengthIsAMalformedAttribute()
    {
        // Cut in the middle of the USERNAME value but fix the header length: the attribute runs past the end.
        var message = Rfc5769Vectors.SampleRequest.AsSpan(0, 68).ToArray();
        message[3] = 68 - 20;
        Assert.Equal(StunParseResult.MalformedAttribute, StunMessageReader.TryParse(message, out _));
    }

    [Theory]
    [InlineData(0, 0x40, (int)StunParseResult.NotStun)] // first two bits not zero
    [InlineData(4, 0x22, (int)StunParseResult.NotStun)] // magic cookie
    [InlineData(3, 0x59, (int)StunParseResult.BadLength)] // not a multiple of 4
    [InlineData(3, 0x5C, (int)StunParseResult.BadLength)] // longer than the datagram
    [InlineData(3, 0x54, (int)StunParseResult.BadLength)] // shorter than the datagram
    public void BadHeaderIsRejected(int index, byte value, int expected)
    {
        var message = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        message[index] = value;
        Assert.Equal((StunParseResult)expected, StunMessageReader.TryParse(message, out _));
    }

    [Fact]
    public void AttributeAfterFingerprintIsRejected()
    {
        var message = new byte[Rfc5769Vectors.IPv4Response.Length + 8];
        Rfc5769Vectors.IPv4Response.CopyTo(message, 0);
        message[3] += 8;
        message[^8] = 0x80; // SOFTWARE, length 4
        message[^7] = 0x22;
        message[^5] = 4;
        Assert.Equal(StunParseResult.MalformedAttribute, StunMessageReader.TryParse(message, out _));
    }

    [Theory]
    [InlineData(0x0008, 16)] // MESSAGE-INTEGRITY is 20 octets
    [InlineData(0x0024, 8)] // PRIORITY is 4
    [InlineData(0x8029, 4)] // ICE-CONTROLLED is 8
    [InlineData(0x0025, 4)] // USE-CANDIDATE is empty
    [InlineData(0x0020, 12)] // XOR-MAPPED-ADDRESS is 8 or 20
    public void AttributeWithAForbiddenLengthIsRejected(ushort type, int length)
    {
        var message = MessageWith(type, new byte[length]);
        Assert.Equal(StunParseResult.MalformedAttribute, StunMessageReader.TryParse(message, out _));
    }

    [Fact]
    public void UnknownComprehensionRequiredAttributesAreCollectedAndOptionalOnesIgnored()
    {
        var message = MessageWith(0x7F01, new byte[3], 0xC057, new byte[4], 0x0019, new byte[4]);
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(message, out var reader));
        Assert.Equal(2, reader.UnknownComprehensionRequiredCount);
        Span<ushort> unknown = stackalloc ushort[4];
        Assert.Equal(2, reader.CopyUnknownAttributes(unknown));
        Assert.Equal(0x7F01, unknown[0]);
        Assert.Equal(0x0019, unknown[1]);
    }

    [Fact]
    public void AttributesAfterMessageIntegrityAreIgnored()
    {
        var message = (byte[])Rfc5769Vectors.IPv4Response.Clone();
        // Turn FINGERPRINT (after MESSAGE-INTEGRITY) into PRIORITY: it must not be read.
        message[^8] = 0x00;
        message[^7] = 0x24;
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(message, out var reader));
        Assert.False(reader.HasPriority);
        Assert.Equal(-1, reader.FingerprintOffset);
    }

    [Fact]
    public void ErrorCodeIsRead()
    {
        var message = MessageWith(0x0009, new byte[] { 0, 0, 4, 87, (byte)'R', (byte)'o', (byte)'l', (byte)'e' });
        Assert.Equal(StunParseResult.Ok, StunMessageReader.TryParse(message, out var reader));
        Assert.Equal(487, reader.ErrorCode);
        Assert.Equal("Role", Encoding.UTF8.GetString(reader.ErrorReason));
    }

    [Fact]
    public void CrcMatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, StunCrc32.Compute("123456789"u8));

    private static void AssertIntegrity(byte[] message, int offset, string password, bool expected)
    {
        using var integrity = new StunMessageIntegrity(Encoding.UTF8.GetBytes(password));
        Assert.Equal(expected, integrity.Verify(message, offset));
    }

    /// <summary>A Binding request with the given (type, value) attributes, padded with zeros.</summary>
    private static byte[] MessageWith(params object[] attributes)
    {
        var body = new List<byte>();
        for (var i = 0; i < attributes.Length; i += 2)
        {
            var type = Convert.ToUInt16(attributes[i], System.Globalization.CultureInfo.InvariantCulture);
            Ice.HandBuiltStun.Attribute(body, type, (byte[])attributes[i + 1]);
        }

        var message = new byte[20 + body.Count];
        message[1] = 1;
        message[2] = (byte)(body.Count >> 8);
        message[3] = (byte)body.Count;
        message[4] = 0x21;
        message[5] = 0x12;
        message[6] = 0xA4;
        message[7] = 0x42;
        body.CopyTo(message, 20);
        return message;
    }
}
