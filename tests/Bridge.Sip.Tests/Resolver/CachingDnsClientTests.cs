using System.Net;
using Bridge.Sip.Resolver;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Resolver;

/// <summary>The resolver cache: answers kept for their smallest TTL (RFC 1035 §7.4), empty answers briefly, failures not
/// at all, and never more than its capacity.</summary>
public sealed class CachingDnsClientTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CountingDns _dns = new();

    private static DnsMessage Answer(params uint[] ttls) => new(1, true, false, 0,
        [.. ttls.Select(t => new DnsRecord("pbx.example.org", DnsRecordType.A, t) { Address = IPAddress.Parse("192.0.2.10") })], []);

    [Fact]
    public async Task An_answer_is_kept_for_its_smallest_TTL()
    {
        _dns.Next = Answer(300, 60);
        var cache = new CachingDnsClient(_dns, _time);

        await cache.QueryAsync("pbx.example.org", DnsRecordType.A, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(59));
        await cache.QueryAsync("PBX.example.org.", DnsRecordType.A, CancellationToken.None); // names compare without case and final dot
        Assert.Equal(1, _dns.Asked);

        _time.Advance(TimeSpan.FromSeconds(2));
        await cache.QueryAsync("pbx.example.org", DnsRecordType.A, CancellationToken.None);
        Assert.Equal(2, _dns.Asked);
    }

    [Fact]
    public async Task Another_type_is_another_question()
    {
        _dns.Next = Answer(300);
        var cache = new CachingDnsClient(_dns, _time);

        await cache.QueryAsync("pbx.example.org", DnsRecordType.A, CancellationToken.None);
        await cache.QueryAsync("pbx.example.org", DnsRecordType.Aaaa, CancellationToken.None);

        Assert.Equal(2, _dns.Asked);
    }

    [Fact]
    public async Task A_TTL_of_0_no_answer_and_a_server_failure_are_not_kept()
    {
        var cache = new CachingDnsClient(_dns, _time);
        foreach (var answer in new[] { Answer(0), null, new DnsMessage(1, true, false, 2, [], []) })
        {
            _dns.Next = answer;
            await cache.QueryAsync("pbx.example.org", DnsRecordType.A, CancellationToken.None);
            await cache.QueryAsync("pbx.example.org", DnsRecordType.A, CancellationToken.None);
        }

        Assert.Equal(6, _dns.Asked);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task An_empty_answer_is_kept_for_the_negative_TTL_and_a_huge_TTL_is_capped()
    {
        var cache = new CachingDnsClient(_dns, _time) { NegativeTtl = TimeSpan.FromSeconds(30), MaxTtl = TimeSpan.FromMinutes(10) };
        _dns.Next = new DnsMessage(1, true, false, 3, [], []);
        await cache.QueryAsync("missing.example.org", DnsRecordType.Naptr, CancellationToken.None);
        _dns.Next = Answer(uint.MaxValue);
        await cache.QueryAsync("pbx.example.org", DnsRecordType.A, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(31));
        await cache.QueryAsync("missing.example.org", DnsRecordType.Naptr, CancellationToken.None);
        await cache.QueryAsync("pbx.example.org", DnsRecordType.A, CancellationToken.None);
        Assert.Equal(3, _dns.Asked);

        _time.Advance(TimeSpan.FromMinutes(10));
        await cache.QueryAsync("pbx.example.org", DnsRecordType.A, CancellationToken.None);
        Assert.Equal(4, _dns.Asked);
    }

    [Fact]
    public async Task The_cache_never_holds_more_than_its_capacity_and_drops_the_entry_closest_to_expiry()
    {
        var cache = new CachingDnsClient(_dns, _time) { Capacity = 3 };
        uint[] ttls = [100, 50, 200, 300];
        for (var i = 0; i < ttls.Length; i++)
        {
            _dns.Next = Answer(ttls[i]);
            await cache.QueryAsync($"host{i}.example.org", DnsRecordType.A, CancellationToken.None);
        }

        Assert.Equal(3, cache.Count);
        await cache.QueryAsync("host1.example.org", DnsRecordType.A, CancellationToken.None); // the 50 s one was dropped
        Assert.Equal(5, _dns.Asked);
        Assert.Equal(3, cache.Count);
    }

    private sealed class CountingDns : IDnsClient
    {
        public DnsMessage? Next { get; set; }

        public int Asked { get; private set; }

        public Task<DnsMessage?> QueryAsync(string name, DnsRecordType type, CancellationToken ct)
        {
            Asked++;
            return Task.FromResult(Next);
        }
    }
}
