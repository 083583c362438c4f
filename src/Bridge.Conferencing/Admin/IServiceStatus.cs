namespace Bridge.Conferencing.Admin;

/// <summary>The service's health for the admin API (mixer, dial plan). Implemented by the service; safe from any thread.</summary>
public interface IServiceStatus
{
    /// <summary>When the service started.</summary>
    DateTimeOffset StartedAt { get; }

    /// <summary>The mixer's health now.</summary>
    MixerHealth GetMixerHealth();

    /// <summary>The dial plan in use and its last reload.</summary>
    DialPlanStatus GetDialPlanStatus();
}
