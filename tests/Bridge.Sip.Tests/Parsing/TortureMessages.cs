namespace Bridge.Sip.Tests.Parsing;

/// <summary>Loads the RFC 4475 torture messages copied byte-exact into TestData/.</summary>
internal static class TortureMessages
{
    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name + ".dat"));

    public static IEnumerable<string> AllNames() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData"), "*.dat").Select(Path.GetFileNameWithoutExtension).OfType<string>();
}
