using System.Net;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Roster;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Browser;

/// <summary>The room roster: phones masked, browsers by name, a change event for join, mute and leave, ids = leg ids.</summary>
public sealed class RosterTests
{
    [Fact]
    public async Task ListsPhonesMaskedAndBrowsersByNameAndReportsEachChange()
    {
        var harness = new Harness();
        var changes = new List<RosterChangedEventArgs>();
        harness.Service.Changed += (_, e) => changes.Add(e);

        var (phone, phoneCall) = harness.Join("4711", "246810", user: "+4930123456");
        var browser = new BrowserLeg("web-1", "Ann");
        var ticket = new BrowserTicket("4711", ConferenceRole.Moderator, IPAddress.Loopback, harness.Time.GetUtcNow());
        var browserCall = await harness.Service.AdmitBrowserAsync(browser, ticket, CancellationToken.None);
        var joined = harness.Service.Get("4711");
        harness.Service.SetSelfMuted(browserCall, true);
        var muted = harness.Service.Get("4711");
        phoneCall.OnRemoteHangup();
        var left = harness.Service.Get("4711");
        browserCall.OnRemoteHangup();

        Assert.Equal([("leg-1", "Phone ***456", ParticipantKind.Phone, ConferenceRole.Participant), ("web-1", "Ann", ParticipantKind.Browser, ConferenceRole.Moderator)],
            joined.Select(e => (e.Id, e.Label, e.Kind, e.Role)));
        Assert.Equal([false, true], muted.Select(e => e.Muted));
        Assert.Equal(["web-1"], left.Select(e => e.Id));
        Assert.Empty(harness.Service.Get("4711"));
        Assert.Equal([1, 2, 2, 1, 0], changes.Select(c => c.Entries.Count));
        Assert.All(changes, c => Assert.Equal("4711", c.Room));
        Assert.Empty(browser.Played);
        Assert.DoesNotContain(harness.Service.Get("4711"), e => e.Label.Contains("4930123456", StringComparison.Ordinal));
        Assert.Contains(PromptId.EnterPin, phone.AllPrompts);
    }

    [Fact]
    public void ASubscriberThatThrowsBreaksNeitherTheJoinNorTheOtherSubscribers()
    {
        var harness = new Harness();
        var seen = 0;
        harness.Service.Changed += (_, _) => throw new InvalidOperationException("web page bug");
        harness.Service.Changed += (_, _) => seen++;

        var (phone, _) = harness.Join("4711", "246810");

        Assert.False(phone.HungUp);
        Assert.Single(harness.Service.Get("4711"));
        Assert.Equal(1, seen);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("a roster subscriber failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABrowserIsRefusedByAFullRoomWithAMessageForTheUser()
    {
        var harness = new Harness();
        harness.Join("4714", "666777", user: "a1");
        harness.Join("4714", "666777", user: "a2");

        var ticket = new BrowserTicket("4714", ConferenceRole.Participant, IPAddress.Loopback, harness.Time.GetUtcNow());
        var refused = await Assert.ThrowsAsync<BrowserJoinException>(() => harness.Service.AdmitBrowserAsync(new BrowserLeg("web-2", "Bo"), ticket, CancellationToken.None));

        Assert.Equal("The room is full.", refused.Message);
        Assert.Equal(2, harness.Service.Get("4714").Count);
    }

    private sealed class BrowserLeg(string id, string name) : IConferenceLeg, IRosterIdentity
    {
        public string Id { get; } = id;

        public CallerSource Source { get; } = new(IPAddress.Loopback, ConferenceService.BrowserUser);

        public bool IsMediaSecure => true;

        public ParticipantKind Kind => ParticipantKind.Browser;

        public string DisplayName { get; } = name;

        public List<PromptRef> Played { get; } = [];

        public void PlayPrompts(IReadOnlyList<PromptRef> prompts, Action onDone)
        {
            Played.AddRange(prompts);
            onDone();
        }

        public void StopPrompts()
        {
        }

        public void StartEcho(TimeSpan delay)
        {
        }

        public void Hangup()
        {
        }
    }
}
