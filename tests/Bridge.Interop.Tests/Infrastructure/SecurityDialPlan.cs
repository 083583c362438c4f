namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>The dial plan of the security tests: a room that prefers SRTP and one that demands it.</summary>
public static class SecurityDialPlan
{
    public const string Yaml = """
        routes:
          - dialled: '/^7(\d{4})$/'
            room: "$1"
        rooms:
          - number: "4711"
            name: "Prefers SRTP"
            pin: "246810"
          - number: "4713"
            name: "Board (SRTP and TLS only)"
            pin: "246810"
            media: secure
        """;

    public static string Write()
    {
        var directory = Directory.CreateTempSubdirectory("dialplan-").FullName;
        File.WriteAllText(Path.Combine(directory, "security.yaml"), Yaml);
        return directory;
    }
}
