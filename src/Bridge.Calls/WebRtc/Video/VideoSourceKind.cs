namespace Bridge.Calls.WebRtc.Video;

/// <summary>Which of a browser's two video m-lines a stream came from.</summary>
internal enum VideoSourceKind
{
    /// <summary>The first sendonly video m-line: the camera.</summary>
    Camera,

    /// <summary>The second: the shared screen.</summary>
    Screen,
}
