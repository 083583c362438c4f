using Bridge.Sip.Resolver;

namespace Bridge.Sip.Tests.Resolver;

/// <summary>The DNS response parser (RFC 1035 §4.1) on packets built by hand: the record types RFC 3263 needs, name
/// compression, and malformed answers that must be refused without an exception.</summary>
public sealed class DnsMessageParserTests
{
    [Fact]
    public void Reads_naptr_srv_a_and_aaaa_records_and_skips_the_question()
    {
        var message = new DnsPacket(0xbeef)
            .Question("example.org", DnsRecordType.Naptr)
            .Naptr("example.org", 10, 50, "s", "SIP+D2U", "_sip._udp.example.org")
            .Srv("_sip._udp.example.org", 0, 5, 5060, "pbx.example.org")
            .Additional().A("pbx.example.org", "192.0.2.10").A("pbx.example.org", "2001:db8::10")
            .Parse();

        Assert.Equal(0xbeef, message.Id);
        Assert.True(message.IsResponse);
        Assert.Equal(new DnsNaptr(10, 50, "s", "SIP+D2U", "", "_sip._udp.example.org"), message.Answers[0].Naptr);
        Assert.Equal(new DnsSrv(0, 5, 5060, "pbx.example.org"), message.Answers[1].Srv);
        Assert.Equal("192.0.2.10", message.Additionals[0].Address!.ToString());
        Assert.Equal("2001:db8::10", message.Additionals[1].Address!.ToString());
        Assert.Equal(3600u, message.Answers[0].Ttl);
    }

    [Fact]
    public void Follows_a_compression_pointer()
    {
        // The SRV target "pbx" + pointer to "example.org" inside the question name at offset 12.
        var packet = new DnsPacket().Question("example.org", DnsRecordType.Srv)
            .Record([0xC0, 12], DnsRecordType.Srv, [0, 1, 0, 2, 0x13, 0xC4, 3, (byte)'p', (byte)'b', (byte)'x', 0xC0, 12]);

        var record = packet.Parse().Answers.Single();

        Assert.Equal("example.org", record.Name);
        Assert.Equal(new DnsSrv(1, 2, 5060, "pbx.example.org"), record.Srv);
    }

    [Fact]
    public void Unknown_types_are_skipped_by_their_length_and_the_name_error_is_seen()
    {
        var message = new DnsPacket(rcode: 3).Record(DnsPacket.Name("x.org"), (DnsRecordType)16, [3, (byte)'a', (byte)'b', (byte)'c']).A("x.org", "192.0.2.1").Parse();

        Assert.True(message.NameError);
        Assert.Single(message.Answers);
        Assert.Equal(DnsRecordType.A, message.Answers[0].Type);
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "shorter than a header", [0x12, 0x34, 0x81, 0x80] },
        { "answer count beyond the packet", new DnsPacket().A("x.org", "192.0.2.1").ToArray()[..^2] },
        { "pointer loop", new DnsPacket().Record([0xC0, 12], DnsRecordType.A, [192, 0, 2, 1]).ToArray() },
        { "pointer past the end", new DnsPacket().Record([0xC0, 0xFF], DnsRecordType.A, [192, 0, 2, 1]).ToArray() },
        { "A record of 5 bytes", new DnsPacket().Record(DnsPacket.Name("x.org"), DnsRecordType.A, [192, 0, 2, 1, 9]).ToArray() },
        { "SRV shorter than its fixed part", new DnsPacket().Record(DnsPacket.Name("x.org"), DnsRecordType.Srv, [0, 1, 0, 2, 0x13]).ToArray() },
        { "SRV target running past its RDATA", new DnsPacket().Record(DnsPacket.Name("x.org"), DnsRecordType.Srv, [0, 1, 0, 2, 0x13, 0xC4, 5, (byte)'a']).ToArray() },
        { "NAPTR string longer than its RDATA", new DnsPacket().Record(DnsPacket.Name("x.org"), DnsRecordType.Naptr, [0, 1, 0, 2, 200, (byte)'s', 0, 0, 0]).ToArray() },
        { "reserved label type 0x40", new DnsPacket().Record([0x41, (byte)'a', 0], DnsRecordType.A, [192, 0, 2, 1]).ToArray() },
        { "name over 255 bytes", new DnsPacket().Record([.. Enumerable.Repeat<byte[]>([63, .. Enumerable.Repeat((byte)'a', 63)], 5).SelectMany(b => b), 0], DnsRecordType.A, [192, 0, 2, 1]).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_answers_are_refused_without_an_exception(string what, byte[] packet)
    {
        Assert.False(DnsMessageParser.TryParse(packet, out var message), what);
        Assert.Null(message);
    }

    [Fact]
    public void Every_truncation_of_a_good_answer_is_refused_or_read_without_an_exception()
    {
        var packet = new DnsPacket().Question("example.org", DnsRecordType.Naptr).Naptr("example.org", 10, 50, "s", "SIP+D2T", "_sip._tcp.example.org")
            .Srv("_sip._tcp.example.org", 0, 5, 5060, "pbx.example.org").Additional().A("pbx.example.org", "192.0.2.10").ToArray();

        for (var length = 0; length < packet.Length; length++)
        {
            Assert.False(DnsMessageParser.TryParse(packet.AsSpan(0, length), out _), "cut at " + length);
        }

        Assert.True(DnsMessageParser.TryParse(packet, out _));
    }

    [Fact]
    public void A_query_asks_one_question_with_recursion_desired()
    {
        var query = DnsQueryWriter.Query(0x0102, "_sip._udp.example.org.", DnsRecordType.Srv)!;

        Assert.Equal([0x01, 0x02, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0], query[..12]);
        Assert.Equal([.. DnsPacket.Name("_sip._udp.example.org"), 0, 33, 0, 1], query[12..]);
        Assert.Null(DnsQueryWriter.Query(1, "bad..name", DnsRecordType.A));
        Assert.Null(DnsQueryWriter.Query(1, new string('a', 64) + ".org", DnsRecordType.A));
    }

    [Fact]
    public void The_nameserver_is_the_first_of_resolv_conf()
    {
        Assert.Equal("127.0.0.53:53", DnsClient.NameserverFromResolvConf("# comment\nsearch lan\nnameserver 127.0.0.53\nnameserver 9.9.9.9\n")!.ToString());
        Assert.Null(DnsClient.NameserverFromResolvConf("search lan\n"));
    }
}
