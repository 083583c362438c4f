using Bridge.DialPlans;

namespace Bridge.Conferencing.Tests.Fakes;

internal sealed class FakeRoomAudioFactory : IRoomAudioFactory
{
    public List<FakeRoomAudio> Created { get; } = [];

    public bool Fail { get; set; }

    public FakeRoomAudio Of(string room) => Created.Last(a => a.Room.Number == room);

    public IRoomAudio Create(RoomConfig room)
    {
        if (Fail)
        {
            throw new InvalidOperationException("no mixer");
        }

        var audio = new FakeRoomAudio(room);
        Created.Add(audio);
        return audio;
    }
}
