using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;

namespace Bridge.Sip.Tests.Parsing;

/// <summary>Random mutations of valid messages: the parser and every lazy accessor must return, never throw.</summary>
public sealed class SipParserFuzzTests
{
    private static readonly string[] Seeds = ["wsinv", "intmeth", "esc01", "longreq", "mpart01", "unreason", "inv2543", "regescrt", "dblreq"];
    private static readonly byte[] Interesting = "\r\n \t:;,<>\"\\@[]%=?&/0123456789"u8.ToArray();

    [Fact]
    public void Mutated_datagrams_never_throw()
    {
        var random = new Random(4475);
        var parsedOk = 0;
        for (var round = 0; round < 4000; round++)
        {
            var bytes = Mutate(TortureMessages.Load(Seeds[round % Seeds.Length]), random);

            var result = SipParser.ParseDatagram(bytes, SipParserLimits.Default);

            Assert.InRange(result.BytesConsumed, 0, bytes.Length);
            if (result.Message is { } message)
            {
                Touch(message);
            }

            if (result.Status == SipParseStatus.Ok)
            {
                parsedOk++;

                // What we accept, we write back in a form we accept again, with the same identity.
                var again = SipParser.ParseDatagram(result.Message!.ToBytes(), SipParserLimits.Default);
                Assert.True(again.Status == SipParseStatus.Ok, again.Error);
                Assert.Equal(result.Message.CallId, again.Message!.CallId);
                Assert.Equal(result.Message.CSeq, again.Message.CSeq);
                Assert.Equal(result.Message.Body.Length, again.Message.Body.Length);
            }
        }

        // The mutations are small: a fair share still parse, so the accessors above were exercised on odd input.
        Assert.InRange(parsedOk, 200, 4000);
    }

    [Fact]
    public void Mutated_streams_never_throw_and_never_overrun()
    {
        var random = new Random(3261);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = Mutate(TortureMessages.Load(Seeds[round % Seeds.Length]), random);
            var cut = random.Next(bytes.Length + 1);

            var result = SipParser.ParseStream(bytes.AsSpan(0, cut), SipParserLimits.Default);

            Assert.InRange(result.BytesConsumed, 0, cut);
            if (result.Message is { } message)
            {
                Touch(message);
            }
        }
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(5118);
        var buffer = new byte[2048];
        for (var round = 0; round < 2000; round++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));

            var result = SipParser.ParseDatagram(buffer.AsSpan(0, length), SipParserLimits.Default);

            Assert.NotEqual(SipParseStatus.Ok, result.Status);
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                default:
                    var length = Math.Min(random.Next(1, 40), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static void Touch(SipMessage message)
    {
        _ = message.CallId;
        _ = message.CSeq;
        _ = message.TopVia?.ToString();
        _ = message.Vias.Count;
        _ = message.From?.ToString();
        _ = message.To?.Tag;
        _ = message.Contact?.Uri.ToString();
        _ = message.MaxForwards;
        _ = message.ContentType;
        foreach (var header in message.Headers)
        {
            _ = message.Headers.GetValues(header.Name);
        }

        if (message is SipRequest request)
        {
            _ = request.RequestUri.ToString();
            _ = SipResponse.CreateFor(request, 400).ToBytes();
        }

        var again = SipParser.ParseDatagram(message.ToBytes(), SipParserLimits.Default);
        Assert.NotEqual(SipParseStatus.TooLarge, again.Status);
    }
}
