namespace Qianfan.Emulator;

/// <summary>Console entry point: parse, start, print the one listening line, serve until stopped.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        EmulatorOptions? options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            // Messages quote only numeric values back, never key or token material.
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine("Run with --help for the options.");
            return 2;
        }
        if (options == null)
        {
            Console.Out.WriteLine(CommandLine.Usage);
            return 0;
        }
        options.ConsoleMode = true;

        EmulatorServer server;
        try
        {
            server = await EmulatorServer.StartAsync(options);
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }

        await using (server)
        {
            Console.Out.WriteLine($"Qianfan emulator listening on http://127.0.0.1:{server.Port}");
            Console.Out.Flush();
            await server.Completion;
        }
        return 0;
    }
}
