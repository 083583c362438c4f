using Bridge.WebRtc.Demultiplexing;

namespace Bridge.WebRtc.Tests.Demultiplexing;

/// <summary>RFC 7983 §7: every first-octet value lands in the right class, the borders included.</summary>
public sealed class DatagramClassifierTests
{
    [Fact]
    public void EveryFirstOctetIsClassifiedByTheRfc7983Ranges()
    {
        for (var b = 0; b <= 255; b++)
        {
            var expected = b switch
            {
                <= 3 => DatagramKind.Stun,
                >= 20 and <= 63 => DatagramKind.Dtls,
                >= 128 and <= 191 => DatagramKind.Rtp,
                _ => DatagramKind.Drop,
            };
            Assert.Equal(expected, DatagramClassifier.Classify([(byte)b, 0, 0, 0]));
        }
    }

    [Theory]
    [InlineData(0x00, DatagramKind.Stun)] // Binding request
    [InlineData(0x01, DatagramKind.Stun)] // Binding response
    [InlineData(0x03, DatagramKind.Stun)]
    [InlineData(0x04, DatagramKind.Drop)]
    [InlineData(0x10, DatagramKind.Drop)] // ZRTP
    [InlineData(0x13, DatagramKind.Drop)]
    [InlineData(0x14, DatagramKind.Dtls)] // change_cipher_spec
    [InlineData(0x16, DatagramKind.Dtls)] // handshake
    [InlineData(0x17, DatagramKind.Dtls)] // application_data
    [InlineData(0x3F, DatagramKind.Dtls)]
    [InlineData(0x40, DatagramKind.Drop)] // TURN channel
    [InlineData(0x7F, DatagramKind.Drop)]
    [InlineData(0x80, DatagramKind.Rtp)] // RTP version 2
    [InlineData(0xBF, DatagramKind.Rtp)]
    [InlineData(0xC0, DatagramKind.Drop)]
    [InlineData(0xFF, DatagramKind.Drop)]
    public void BordersOfEachRange(byte first, DatagramKind expected) =>
        Assert.Equal(expected, DatagramClassifier.Classify([first]));

    [Fact]
    public void EmptyDatagramIsDropped() => Assert.Equal(DatagramKind.Drop, DatagramClassifier.Classify([]));
}
