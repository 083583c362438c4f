using System.Net;
using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;
using Bridge.DialPlans;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Conferencing.Tests;

/// <summary>The demo plan the product ships, driven end to end through the IVR.</summary>
public sealed class ShippedDialPlanTests
{
    [Fact]
    public void DemoPlanWorksThroughTheIvr()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Bridge.sln")))
        {
            dir = dir.Parent;
        }

        var plan = DialPlanLoader.Load(Path.Combine(dir.FullName, "dialplans")).Plan!;
        var time = new FakeTimeProvider();
        var audio = new FakeRoomAudioFactory();
        var service = new ConferenceService(
            new StaticDialPlanProvider(plan),
            new PinPolicy(new PinPolicyOptions(), time, NullLogger<PinPolicy>.Instance),
            time,
            NullLoggerFactory.Instance,
            audio,
            options: null,
            onError => new InlineQueue(onError));

        var alice = new FakeLeg("a", new CallerSource(IPAddress.Loopback, "alice"));
        var aliceCall = service.HandleNewCall(alice, service.Route("conf"));
        Harness.Type(aliceCall, "4712#112358#");
        var mod = new FakeLeg("m", new CallerSource(IPAddress.Loopback, "mod"));
        var modCall = service.HandleNewCall(mod, service.Route("74712"));
        Harness.Type(modCall, "314159#");
        var echo = new FakeLeg("e", new CallerSource(IPAddress.Loopback, "echo"));
        service.HandleNewCall(echo, service.Route("echo"));

        Assert.Equal("de/waiting-for-moderator.wav", alice.Played[^1][^1].RelativePath);
        Assert.Equal(ConferenceRole.Moderator, modCall.Role);
        Assert.True(audio.Of("4712").Hears(alice));
        Assert.Equal([PromptId.ParticipantJoined], audio.Of("4712").PlayedToRoom);
        Assert.Equal(TimeSpan.FromSeconds(1), echo.EchoDelay);
        Assert.Equal(404, service.Route("0800123456").Status);
    }
}
