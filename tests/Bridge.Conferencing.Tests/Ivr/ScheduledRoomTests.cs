using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Ivr;

/// <summary>A scheduled room admits callers only in its window; the ending is driven from outside (the service's scheduler).</summary>
public sealed class ScheduledRoomTests
{
    // The harness clock starts at 2026-11-27 08:00 UTC.
    private const string Plan = """
        routes:
          - dialled: '/^7(\d{4})$/'
            room: "$1"
        rooms:
          - number: "4790"
            pin: "864213"
            openEarly: 10m
            schedule:
              - start: "2026-11-27 09:00"
                duration: 30m
                timeZone: Etc/UTC
        """;

    [Fact]
    public void Before_the_window_the_right_pin_gets_the_not_open_prompt_and_a_hang_up()
    {
        var h = new Harness(plan: Plan);

        var (leg, call) = h.Join("4790", "864213");

        Assert.Equal([PromptId.ConferenceNotOpen, PromptId.Goodbye], leg.Last);
        Assert.Equal(1, leg.HangupCount);
        Assert.Equal(ConferenceRole.None, call.Role);
        Assert.Empty(h.Audio.Created); // never heard the room
        var line = Assert.Single(h.Logs.Lines, l => l.Contains("no meeting is scheduled now", StringComparison.Ordinal));
        Assert.DoesNotContain("864213", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_pin_outside_the_window_is_still_a_wrong_pin()
    {
        var h = new Harness(plan: Plan);

        var (leg, _) = h.Join("4790", "111111");

        Assert.Equal([PromptId.WrongPin, PromptId.EnterPin], leg.Last); // nothing tells a guesser about the schedule
    }

    [Fact]
    public void From_open_early_until_the_end_callers_join_and_the_scheduled_end_hangs_everyone_up()
    {
        var h = new Harness(plan: Plan);
        h.Time.Advance(TimeSpan.FromMinutes(50)); // 08:50, ten minutes early

        var (first, firstCall) = h.Join("4790", "864213");
        h.Time.Advance(TimeSpan.FromMinutes(39)); // 09:29
        var (second, secondCall) = h.Join("4790", "864213");

        Assert.Equal(ConferenceRole.Participant, firstCall.Role);
        Assert.Equal(ConferenceRole.Participant, secondCall.Role);
        Assert.True(h.Service.EndConference("4790"));
        Assert.Equal([PromptId.ConferenceEnded, PromptId.Goodbye], first.Last);
        Assert.True(first.HungUp);
        Assert.True(second.HungUp);

        h.Time.Advance(TimeSpan.FromMinutes(1)); // 09:30: over
        var (late, _) = h.Join("4790", "864213");
        Assert.Equal([PromptId.ConferenceNotOpen, PromptId.Goodbye], late.Last);
    }
}
