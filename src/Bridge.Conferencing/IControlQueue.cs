namespace Bridge.Conferencing;

/// <summary>
/// Where conference control work runs: actions one at a time, in order. <see cref="Post"/> returns at once and never
/// runs the action on the posting thread (a mixer thread posts digits and must not run the IVR).
/// </summary>
internal interface IControlQueue
{
    /// <summary>Queues <paramref name="action"/> behind everything posted before it.</summary>
    void Post(Action action);
}
