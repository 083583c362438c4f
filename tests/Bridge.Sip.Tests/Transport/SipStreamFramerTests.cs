using System.Text;
using Bridge.Sip.Parsing;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Transport;

/// <summary>A stream message is parsed when it may be whole, not on every read: at most twice per message.</summary>
public sealed class SipStreamFramerTests
{
    private static byte[] Message(int bodyLength, string newline = "\r\n") =>
        Encoding.ASCII.GetBytes(
            string.Join(newline, "MESSAGE sip:4711@127.0.0.1 SIP/2.0", "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-t1",
                "Max-Forwards: 70", "From: <sip:a@127.0.0.1>;tag=1", "To: <sip:4711@127.0.0.1>", "Call-ID: trickle",
                "CSeq: 1 MESSAGE", "Content-Type: text/plain", $"Content-Length: {bodyLength}", string.Empty, string.Empty) +
            new string('x', bodyLength));

    /// <summary>Feeds <paramref name="message"/> <paramref name="step"/> bytes at a time as a connection does; returns the parses made.</summary>
    private static (int Parses, SipParseResult Result) Trickle(byte[] message, int step)
    {
        var framer = new SipStreamFramer();
        var parses = 0;
        for (var buffered = step; ; buffered += step)
        {
            buffered = Math.Min(buffered, message.Length);
            if (framer.MayBeComplete(message.AsSpan(0, buffered)))
            {
                parses++;
                var result = SipParser.ParseStream(message.AsSpan(0, buffered), SipParserLimits.Default);
                if (result.Status != SipParseStatus.Incomplete)
                {
                    return (parses, result);
                }

                framer.AwaitLength(result.BytesNeeded, buffered);
            }

            Assert.True(buffered < message.Length, "the whole message was buffered but never parsed");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_message_trickled_in_small_pieces_is_parsed_at_most_twice(int step)
    {
        var message = Message(30_000);

        var (parses, result) = Trickle(message, step);

        Assert.Equal(SipParseStatus.Ok, result.Status);
        Assert.Equal(message.Length, result.BytesConsumed);
        Assert.InRange(parses, 1, 2);
    }

    [Fact]
    public void A_blank_line_split_between_reads_is_found()
    {
        var message = Message(0);
        var framer = new SipStreamFramer();

        Assert.False(framer.MayBeComplete(message.AsSpan(0, message.Length - 1))); // "...\r\n\r"
        Assert.True(framer.MayBeComplete(message));
    }

    [Fact]
    public void Bare_line_feeds_end_a_header_block_too()
    {
        var message = Message(5, "\n");

        var (parses, result) = Trickle(message, 2);

        Assert.Equal(SipParseStatus.Ok, result.Status);
        Assert.InRange(parses, 1, 2);
    }

    [Fact]
    public void After_a_message_the_next_one_starts_fresh()
    {
        var framer = new SipStreamFramer();
        var first = Message(10);
        Assert.True(framer.MayBeComplete(first.AsSpan(0, first.Length - 5)));
        framer.AwaitLength(first.Length, first.Length - 5);
        Assert.False(framer.MayBeComplete(first.AsSpan(0, first.Length - 1)));

        framer.Reset();

        Assert.False(framer.MayBeComplete("OPTIONS sip:x SIP/2.0\r\n"u8));
        Assert.True(framer.MayBeComplete(first));
    }
}
