namespace Qianfan.Emulator;

/// <summary>
/// Where the secret key and security token may come from besides the command line, which every
/// local user can read (ps, /proc/PID/cmdline): an environment variable, or a file named by an
/// option. A value given as an option wins over the environment variable.
/// </summary>
internal static class SecretSources
{
    public const string SecretKeyVariable = "QIANFAN_EMULATOR_SECRET_KEY";
    public const string SecurityTokenVariable = "QIANFAN_EMULATOR_SECURITY_TOKEN";

    /// <summary>The secret in a file, without one trailing newline. Errors name the file, never what is in it.</summary>
    public static string ReadFile(string option, string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"--{option}: cannot read '{path}': {e.Message}");
        }
        if (text.EndsWith("\r\n", StringComparison.Ordinal)) text = text[..^2];
        else if (text.EndsWith('\n')) text = text[..^1];
        if (text.Length == 0) throw new ArgumentException($"--{option}: '{path}' is empty");
        return text;
    }

    /// <summary>Takes from the environment each secret no option gave; refuses one given both on the line and by file.</summary>
    /// <param name="given">The options on the command line, by name without the dashes.</param>
    public static void Complete(EmulatorOptions options, ICollection<string> given, Func<string, string?> environment)
    {
        foreach (var secret in EmulatorSettingTable.All.Where(s => s.EnvironmentVariable != null))
        {
            if (Missing(secret.Flag) && environment(secret.EnvironmentVariable!) is { Length: > 0 } value) secret.Parse(options, value);
        }

        bool Missing(string option)
        {
            var onLine = given.Contains(option);
            var inFile = given.Contains(option + "-file");
            if (onLine && inFile) throw new ArgumentException($"give --{option} or --{option}-file, not both");
            return !onLine && !inFile;
        }
    }
}
