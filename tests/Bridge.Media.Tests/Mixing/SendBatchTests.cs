using Bridge.Media.Codecs;
using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// A send batch stores a payload equal to the one queued just before it once (a room's silent listeners all get the same
/// encoded mix), and every port still gets exactly its own bytes.
/// </summary>
public sealed class SendBatchTests
{
    [Fact]
    public void Equal_payloads_in_a_row_are_stored_once_and_each_port_gets_its_own_bytes()
    {
        var room = new MixRoom("batch");
        var batch = new SendBatch();
        var ports = new List<BytesPort>();
        byte[] mix = Payload(7);
        byte[] talkerA = Payload(11);
        byte[] talkerB = Payload(13);

        // The room's order: a talker, eight listeners of the shared mix, another talker, eight more listeners, and a
        // listener whose payload equals the first talker's but not its predecessor's.
        Add(talkerA);
        for (int i = 0; i < 8; i++)
        {
            Add(mix);
        }

        Add(talkerB);
        for (int i = 0; i < 8; i++)
        {
            Add(mix);
        }

        Add(talkerA);

        // talkerA, mix, talkerB, mix, talkerA: five copies for nineteen ports.
        Assert.Equal(19, batch.Count);
        Assert.Equal(5 * 160, batch.UsedBytes);

        // The caller's buffer is reused for the next tick at once: the batch holds its own copy.
        Array.Fill(mix, (byte)0xEE);
        batch.Send();

        Assert.Equal(Payload(11), ports[0].Received);
        Assert.All(ports.Skip(1).Take(8), p => Assert.Equal(Payload(7), p.Received));
        Assert.Equal(Payload(13), ports[9].Received);
        Assert.All(ports.Skip(10).Take(8), p => Assert.Equal(Payload(7), p.Received));
        Assert.Equal(Payload(11), ports[18].Received);

        // Emptied by the send: the next tick starts without a previous payload to share.
        batch.Add(room, ports[0], Payload(7), 160);
        Assert.Equal(160, batch.UsedBytes);

        void Add(byte[] payload)
        {
            var port = new BytesPort();
            ports.Add(port);
            batch.Add(room, port, payload, 160);
        }
    }

    private static byte[] Payload(int seed) => Enumerable.Range(0, 160).Select(i => (byte)(seed * (i + 1))).ToArray();

    private sealed class BytesPort : IMixerPort
    {
        public byte[]? Received { get; private set; }

        public string CodecName => AudioCodecs.Pcmu;

        public bool ReadFrame(Span<short> pcm) => false;

        public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement) => Received = payload.ToArray();
    }
}
