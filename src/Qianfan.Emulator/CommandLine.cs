using System.Text;
using Qianfan.Emulator.Http;

namespace Qianfan.Emulator;

/// <summary>
/// Turns the command line into <see cref="EmulatorOptions"/>, and writes the usage, both from
/// <see cref="EmulatorSettingTable"/>. Accepts "--name value" and "--name=value"; a switch takes no value, or =true / =false.
/// </summary>
public static class CommandLine
{
    private const int HelpColumn = 25;
    private const int Width = 100;

    public static string Usage { get; } = BuildUsage();

    /// <returns>The options, or null when help was asked for.</returns>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    /// <param name="environment">Reads environment variables (the process's by default).</param>
    public static EmulatorOptions? Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var options = new EmulatorOptions();
        var given = new HashSet<string>();
        EmulatorSetting? previous = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?" or "/?") return null;
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw Unexpected(arg, previous);

            var equals = arg.IndexOf('=');
            var name = (equals > 0 ? arg[2..equals] : arg[2..]).ToLowerInvariant();
            var setting = EmulatorSettingTable.ByFlag(name) ?? throw Unknown(name);
            string value;
            if (equals > 0) value = arg[(equals + 1)..];
            else if (setting.IsSwitch) value = "true"; // present means on
            else if (i + 1 < args.Count) value = args[++i];
            else throw new ArgumentException($"--{name} needs a value");

            given.Add(setting.Flag);
            setting.Parse(options, value);
            previous = setting;
        }
        SecretSources.Complete(options, given, environment ?? Environment.GetEnvironmentVariable);
        return options;
    }

    /// <summary>
    /// A stray argument right after a secret may be the rest of it (an unquoted space), so it is not echoed.
    /// </summary>
    private static ArgumentException Unexpected(string arg, EmulatorSetting? previous) =>
        previous is { IsSecret: true }
            ? new ArgumentException($"unexpected argument after the value of --{previous.Flag} (not shown: it may be part of the secret); quote a value that has spaces")
            : new ArgumentException($"unexpected argument '{arg}'; options start with --");

    private static ArgumentException Unknown(string name)
    {
        // A likely meant option, such as --latency-ms for --latency.
        var near = EmulatorSettingTable.All.Select(s => s.Flag)
            .Where(flag => name.Length > 0 && (flag.StartsWith(name, StringComparison.Ordinal) || name.StartsWith(flag, StringComparison.Ordinal)))
            .ToList();
        return new ArgumentException($"unknown option --{name}" +
                                     (near.Count > 0 ? "; did you mean " + string.Join(" or ", near.Select(f => "--" + f)) + "?" : ""));
    }

    private static string BuildUsage()
    {
        var text = new StringBuilder();
        text.AppendLine("Qianfan emulator: a local stand-in for the Qianfan console batch-inference API (bce-auth-v1 signed).");
        text.AppendLine();
        text.AppendLine("Usage: dotnet Qianfan.Emulator.dll [options]");
        text.AppendLine();
        text.AppendLine("Options:");
        foreach (var setting in EmulatorSettingTable.All)
        {
            var help = setting.Help + (setting.Default == null ? "" : $" (default: {setting.Default})");
            AppendOption(text, setting.Syntax, help);
        }
        AppendOption(text, "-h, --help", "show this help");
        text.AppendLine();
        text.AppendLine("An option wins over its environment variable. The secret key and token are fixed at start:");
        text.AppendLine("/_emulator/config neither shows nor changes them.");
        text.AppendLine();
        text.AppendLine("The first line on stdout is \"Qianfan emulator listening on http://127.0.0.1:PORT\".");
        text.AppendLine("The server runs until Ctrl+C, SIGTERM or POST /_emulator/shutdown.");
        text.AppendLine();
        text.AppendLine("Routes:");
        AppendOption(text, $"POST {Protocol.Route.BatchInference}?{Protocol.Route.ActionParameter}=...",
            $"the signed API: {Protocol.Actions.StopBatchInferenceTask}, {Protocol.Actions.DeleteBatchInferenceTask}, " +
            $"{Protocol.Actions.DescribeBatchInferenceTask}(s), {Protocol.Actions.CreateBatchInferenceTask}, {Protocol.Actions.DescribeBatchInferenceModel}",
            column: 41);
        AppendOption(text, $"GET  {AdminEndpoints.Prefix}/stats", $"request counters; POST {AdminEndpoints.Prefix}/reset-stats zeroes them", column: 41);
        AppendOption(text, $"GET|POST {AdminEndpoints.Prefix}/config", "read or change settings live (JSON object), not the secrets", column: 41);
        AppendOption(text, $"GET|POST {AdminEndpoints.Prefix}/tasks",
            "read the task table or add tasks {\"tasks\":[{\"taskId\",\"runStatus\",\"name\",\"createTime\"}..],\"replace\":bool}", column: 41);
        AppendOption(text, $"POST {AdminEndpoints.Prefix}/shutdown", "stop the server", column: 41);
        return text.ToString().TrimEnd();
    }

    /// <summary>"  name   help", the help wrapped at <see cref="Width"/> and indented to <paramref name="column"/>.</summary>
    private static void AppendOption(StringBuilder text, string name, string help, int column = HelpColumn)
    {
        var line = new StringBuilder("  " + name);
        line.Append(' ', Math.Max(2, column - line.Length));
        foreach (var word in help.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + 1 + word.Length > Width && line.Length > column)
            {
                text.AppendLine(line.ToString().TrimEnd());
                line.Clear().Append(' ', column);
            }
            else if (line.Length > column && line[^1] != ' ')
            {
                line.Append(' ');
            }
            line.Append(word);
        }
        text.AppendLine(line.ToString());
    }
}
