namespace Bridge.LoadTests;

/// <summary>Kamailio (Debian <c>kamailio</c>) answering OPTIONS statelessly: the SIP cost anchor of issue 14.</summary>
internal static class KamailioServer
{
    /// <summary>Starts Kamailio in the foreground (<c>-DD -E</c>; its worker processes are counted with it).</summary>
    public static async Task<ServerProcess> StartAsync(string work, int port)
    {
        var config = Path.Combine(work, "kamailio.cfg");
        await File.WriteAllTextAsync(config,
            "#!KAMAILIO\n" +
            "debug=0\nlog_stderror=yes\nchildren=4\nauto_aliases=no\n" +
            $"listen=udp:127.0.0.1:{port}\n" +
            "loadpath \"/usr/lib/x86_64-linux-gnu/kamailio/modules/\"\n" +
            "loadmodule \"sl.so\"\n" +
            "request_route {\n  if (method == \"OPTIONS\") {\n    sl_send_reply(\"200\", \"OK\");\n    exit;\n  }\n" +
            "  sl_send_reply(\"501\", \"Not Implemented\");\n}\n");
        var process = new ServerProcess("kamailio", ["-DD", "-E", "-f", config, "-P", Path.Combine(work, "kamailio.pid")], work,
            Path.Combine(work, "kamailio.log"));
        await Task.Delay(1500);
        return process.HasExited ? throw new InvalidOperationException("Kamailio did not start:\n" + process.Output) : process;
    }
}
