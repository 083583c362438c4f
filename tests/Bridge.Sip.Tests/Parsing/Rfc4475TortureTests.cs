using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;

namespace Bridge.Sip.Tests.Parsing;

/// <summary>Every RFC 4475 message, with the outcome its section asks of a parser.</summary>
public sealed class Rfc4475TortureTests
{
    /// <summary>File name, expected status, expected error (null = any), whether it is a request.</summary>
    public static TheoryData<string, SipParseStatus, string?> Expectations => new()
    {
        // §3.1.1 valid messages: must parse.
        { "wsinv", SipParseStatus.Ok, null },
        { "intmeth", SipParseStatus.Ok, null },
        { "esc01", SipParseStatus.Ok, null },
        { "escnull", SipParseStatus.Ok, null },
        { "esc02", SipParseStatus.Ok, null },
        { "lwsdisp", SipParseStatus.Ok, null },
        { "longreq", SipParseStatus.Ok, null },
        { "dblreq", SipParseStatus.Ok, null },
        { "semiuri", SipParseStatus.Ok, null },
        { "transports", SipParseStatus.Ok, null },
        { "mpart01", SipParseStatus.Ok, null },
        { "unreason", SipParseStatus.Ok, null },
        { "noreason", SipParseStatus.Ok, null },

        // §3.1.2 invalid messages: a request is answered 400 (505 for badvers), a response is dropped.
        { "badinv01", SipParseStatus.Malformed, SipParseErrors.BadVia },
        { "clerr", SipParseStatus.Malformed, SipParseErrors.BadContentLength },
        { "ncl", SipParseStatus.Malformed, SipParseErrors.BadContentLength },
        { "scalar02", SipParseStatus.Malformed, SipParseErrors.BadCSeq },
        { "scalarlg", SipParseStatus.Malformed, SipParseErrors.BadCSeq },
        { "quotbal", SipParseStatus.Malformed, SipParseErrors.BadTo },
        { "ltgtruri", SipParseStatus.Malformed, SipParseErrors.BadRequestUri },
        { "lwsruri", SipParseStatus.Malformed, SipParseErrors.BadStartLine },
        { "lwsstart", SipParseStatus.Malformed, SipParseErrors.BadStartLine },
        { "trws", SipParseStatus.Malformed, SipParseErrors.BadStartLine },
        { "escruri", SipParseStatus.Malformed, SipParseErrors.BadRequestUri },
        { "baddate", SipParseStatus.Malformed, SipParseErrors.BadDate },
        { "regbadct", SipParseStatus.Malformed, SipParseErrors.BadContact },
        { "badaspec", SipParseStatus.Malformed, SipParseErrors.BadTo },
        { "baddn", SipParseStatus.Malformed, SipParseErrors.BadFrom },
        { "badvers", SipParseStatus.Malformed, SipParseErrors.VersionNotSupported },
        { "mismatch01", SipParseStatus.Malformed, SipParseErrors.CSeqMethodMismatch },
        { "mismatch02", SipParseStatus.Malformed, SipParseErrors.CSeqMethodMismatch },
        { "bigcode", SipParseStatus.Malformed, SipParseErrors.BadStatusCode },

        // §3.2 transaction layer: parses; the branch "z9hG4bK" alone is the transaction layer's concern.
        { "badbranch", SipParseStatus.Ok, null },

        // §3.3 application layer: parse, then the application answers 416/420/415/483/...;
        // except missing required headers (insuf), repeated single-value headers (multi01) and disagreeing Content-Length (mcl01): 400.
        { "insuf", SipParseStatus.Malformed, SipParseErrors.MissingFrom },
        { "unkscm", SipParseStatus.Ok, null },
        { "novelsc", SipParseStatus.Ok, null },
        { "unksm2", SipParseStatus.Ok, null },
        { "bext01", SipParseStatus.Ok, null },
        { "invut", SipParseStatus.Ok, null },
        { "regaut01", SipParseStatus.Ok, null },
        { "multi01", SipParseStatus.Malformed, SipParseErrors.DuplicateHeader },
        { "mcl01", SipParseStatus.Malformed, SipParseErrors.MultipleContentLength },
        { "bcast", SipParseStatus.Ok, null },
        { "zeromf", SipParseStatus.Ok, null },
        { "cparam01", SipParseStatus.Ok, null },
        { "cparam02", SipParseStatus.Ok, null },
        { "regescrt", SipParseStatus.Ok, null },
        { "sdp01", SipParseStatus.Ok, null },

        // §3.4 RFC 2543 syntax: accepted.
        { "inv2543", SipParseStatus.Ok, null },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Datagram_outcome_matches_the_rfc(string file, SipParseStatus expected, string? error)
    {
        var bytes = TortureMessages.Load(file);

        var result = SipParser.ParseDatagram(bytes, SipParserLimits.Default);

        Assert.True(expected == result.Status, $"{file}: expected {expected}, got {result.Status} ({result.Error})");
        if (error is not null)
        {
            Assert.Equal(error, result.Error);
        }

        if (expected == SipParseStatus.Ok)
        {
            Assert.NotNull(result.Message);
            Assert.NotNull(result.Message.CallId);
            Assert.NotNull(result.Message.CSeq);
            Assert.NotNull(result.Message.TopVia);
        }
        else if (result.LooksLikeRequest)
        {
            // A 400 (or 505) can be built: the message carries what could be read.
            var request = Assert.IsType<SipRequest>(result.Message);
            Assert.NotEmpty(request.Method);
        }
    }

    [Fact]
    public void Every_test_file_has_an_expectation()
    {
        var expected = Expectations.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        var files = TortureMessages.AllNames().ToList();

        Assert.Equal(49, files.Count);
        Assert.All(files, f => Assert.Contains(f, expected));
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Valid_messages_survive_a_write_and_reparse(string file, SipParseStatus expected, string? error)
    {
        _ = error;
        if (expected != SipParseStatus.Ok)
        {
            return;
        }

        var first = SipParser.ParseDatagram(TortureMessages.Load(file), SipParserLimits.Default).Message!;

        var again = SipParser.ParseDatagram(first.ToBytes(), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Ok, again.Status);
        Assert.Equal(first.CallId, again.Message!.CallId);
        Assert.Equal(first.CSeq, again.Message.CSeq);
        Assert.Equal(first.Body.ToArray(), again.Message.Body.ToArray());
        Assert.Equal(first.Headers.Count(h => h.Name != SipHeaderNames.ContentLength), again.Message.Headers.Count(h => h.Name != SipHeaderNames.ContentLength));
    }

    [Fact]
    public void Stream_framing_agrees_with_the_datagram_for_messages_with_content_length()
    {
        foreach (var file in new[] { "wsinv", "esc01", "intmeth", "mpart01", "unreason", "longreq" })
        {
            var bytes = TortureMessages.Load(file);

            var result = SipParser.ParseStream(bytes, SipParserLimits.Default);

            Assert.Equal(SipParseStatus.Ok, result.Status);
            Assert.Equal(bytes.Length, result.BytesConsumed);
        }
    }
}
