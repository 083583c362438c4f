using Bridge.Conferencing.Admin;

namespace Bridge.Web.Tests.Fakes;

internal sealed class FakeParticipantDetails : IParticipantDetails
{
    public Dictionary<string, ParticipantDetails> Details { get; } = [];

    public ParticipantDetails? Get(string participantId) => Details.GetValueOrDefault(participantId);
}
