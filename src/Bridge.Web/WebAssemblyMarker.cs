namespace Bridge.Web;

/// <summary>Names this assembly for tests and for the host's composition (the project's public types follow with the issue 9 work).</summary>
public static class WebAssemblyMarker
{
}
