using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Qianfan.Emulator.Http;
using Qianfan.Emulator.Stats;
using Qianfan.Emulator.Tasks;

namespace Qianfan.Emulator;

/// <summary>
/// A running emulator on 127.0.0.1. Start one with <see cref="StartAsync"/>, talk to it at
/// <see cref="BaseUri"/>, inspect <see cref="State"/>, and dispose it to stop it.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;
    private readonly object _stopGate = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _stopping;
    private bool _disposed;

    private EmulatorServer(WebApplication app, EmulatorState state, int port)
    {
        _app = app;
        State = state;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        // However the stop is asked for (admin route, Ctrl+C, SIGTERM, Dispose), run the same graceful stop once.
        app.Lifetime.ApplicationStopping.Register(() => _ = StopAsync());
    }

    /// <summary>http://127.0.0.1:PORT/ with the port actually bound.</summary>
    public Uri BaseUri { get; }

    public int Port { get; }

    /// <summary>The live settings, task table and counters.</summary>
    public EmulatorState State { get; }

    public TaskStore Tasks => State.Tasks;
    public RequestStats Stats => State.Stats;
    public EmulatorSettings Settings => State.Settings;

    /// <summary>Completes once the server has stopped, for whatever reason.</summary>
    public Task Completion => _stopped.Task;

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var state = new EmulatorState(options.Settings());
        TaskSeeder.Seed(state.Tasks, options, state.Now());

        var app = Build(options, state);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new EmulatorServer(app, state, new Uri(address).Port);
    }

    private static WebApplication Build(EmulatorOptions options, EmulatorState state)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Kestrel's own address settings from the environment (ASPNETCORE_URLS, ..._HTTP_PORTS) must not
        // add listeners or warnings: the emulator binds exactly one loopback port.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.UseSetting("http_ports", "");
        builder.WebHost.UseSetting("https_ports", "");
        builder.WebHost.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        // Stdout carries only the listening line; warnings and errors go to stderr in console mode,
        // nowhere in-process. Nothing the emulator logs contains keys, signatures or tokens.
        builder.Logging.ClearProviders();
        if (options.ConsoleMode)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
                console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            // In-process hosts keep their own Ctrl+C handling.
            builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        }
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            RequestIds.Assign(context, state);
            try
            {
                await next(context);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client hung up (or a reset was injected); there is nobody to answer and nothing worth logging.
            }
            catch (Exception) when (!context.Response.HasStarted)
            {
                await ApiResponses.WriteErrorAsync(context, 500, ErrorCodes.InternalError, "unexpected error in the emulator");
            }
        });

        var api = new ApiEndpoint(state);
        app.Map(Protocol.Route.BatchInference, api.HandleAsync);
        AdminEndpoints.Map(app, state, app.Lifetime);
        app.MapFallback(context => ApiResponses.WriteErrorAsync(context, 404, ErrorCodes.NotFound,
            $"no route for {context.Request.Method} {context.Request.Path}"));
        return app;
    }

    /// <summary>Stops the server gracefully; safe to call more than once and from any thread.</summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            // Task.Run: the stop may be asked for from inside a host lifetime callback, which must not wait on itself.
            return _stopping ??= Task.Run(async () =>
            {
                try
                {
                    await _app.StopAsync();
                }
                finally
                {
                    _stopped.TrySetResult();
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // ConfigureAwait(false): Dispose() blocks on this, possibly on a thread with a synchronization context.
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A host lifetime that neither hooks the console nor signals: the embedding process decides when to stop.</summary>
    private sealed class PassiveHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
