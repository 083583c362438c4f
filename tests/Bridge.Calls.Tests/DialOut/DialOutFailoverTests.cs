using System.Net;
using Bridge.Calls.Trunks;
using Bridge.Sip.Resolver;
using Bridge.Sip.Stack;

namespace Bridge.Calls.Tests.DialOut;

/// <summary>RFC 3263 §4.3 fail-over for calls out: which answers pass over to the next server and which end the search.</summary>
public sealed class DialOutFailoverTests
{
    private static readonly SipServerTarget[] Targets =
    [
        new("UDP", new IPEndPoint(IPAddress.Parse("127.0.0.71"), 5060)),
        new("TCP", new IPEndPoint(IPAddress.Parse("127.0.0.72"), 5060)),
        new("UDP", new IPEndPoint(IPAddress.Parse("127.0.0.73"), 5060)),
    ];

    private static OutgoingCallResult Unreachable(int status) => new(status, status == 408 ? "Request Timeout" : "Service Unavailable", null) { Unreached = true };

    private static async Task<(OutgoingCallResult Result, int Index, List<string> Tried, List<string> PassedOver)> RunAsync(
        CancellationToken ct, params OutgoingCallResult[] answers)
    {
        var tried = new List<string>();
        var passed = new List<string>();
        var (result, index) = await DialOutFailover.CallAsync(
            Targets,
            (target, _) =>
            {
                tried.Add(target.EndPoint.ToString());
                return Task.FromResult(answers[tried.Count - 1]);
            },
            (i, target, failed) => passed.Add($"{i} {target.EndPoint} {failed.StatusCode}"),
            ct);
        return (result, index, tried, passed);
    }

    [Fact]
    public async Task A_timeout_and_a_transport_error_pass_over_to_the_next_server()
    {
        var (result, index, tried, passed) = await RunAsync(CancellationToken.None, Unreachable(408), Unreachable(503), new OutgoingCallResult(486, "Busy Here", null));

        Assert.Equal(486, result.StatusCode);
        Assert.Equal(2, index);
        Assert.Equal(["127.0.0.71:5060", "127.0.0.72:5060", "127.0.0.73:5060"], tried);
        Assert.Equal(["0 127.0.0.71:5060 408", "1 127.0.0.72:5060 503"], passed);
    }

    [Fact]
    public async Task A_503_from_the_server_passes_over_but_another_final_answer_ends_the_search()
    {
        var (result, index, tried, _) = await RunAsync(CancellationToken.None,
            new OutgoingCallResult(503, "Service Unavailable", null), new OutgoingCallResult(404, "Not Found", null), new OutgoingCallResult(200, "OK", null));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal(1, index);
        Assert.Equal(2, tried.Count);
    }

    [Fact]
    public async Task A_408_sent_by_the_server_is_its_final_answer()
    {
        var (result, _, tried, passed) = await RunAsync(CancellationToken.None, new OutgoingCallResult(408, "Request Timeout", null), new OutgoingCallResult(200, "OK", null));

        Assert.Equal(408, result.StatusCode);
        Assert.Single(tried);
        Assert.Empty(passed);
    }

    [Fact]
    public async Task When_every_server_fails_the_last_result_stands()
    {
        var (result, index, tried, passed) = await RunAsync(CancellationToken.None, Unreachable(408), Unreachable(408), Unreachable(503));

        Assert.Equal(503, result.StatusCode);
        Assert.True(result.Unreached);
        Assert.Equal(2, index);
        Assert.Equal(3, tried.Count);
        Assert.Equal(2, passed.Count);
    }

    [Fact]
    public async Task The_ring_time_running_out_stops_the_search()
    {
        using var ring = new CancellationTokenSource();
        await ring.CancelAsync();

        var (result, _, tried, _) = await RunAsync(ring.Token, Unreachable(408), new OutgoingCallResult(200, "OK", null));

        Assert.Equal(408, result.StatusCode);
        Assert.Single(tried);
    }

    [Fact]
    public async Task No_servers_is_a_local_503()
    {
        var (result, index) = await DialOutFailover.CallAsync([], (_, _) => throw new InvalidOperationException("not called"), (_, _, _) => { }, CancellationToken.None);

        Assert.Equal(503, result.StatusCode);
        Assert.True(result.Unreached);
        Assert.Equal(-1, index);
    }
}
