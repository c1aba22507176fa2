using Qianfan.Emulator.Faults;
using Qianfan.Emulator.Stats;
using Qianfan.Emulator.Tasks;

namespace Qianfan.Emulator;

/// <summary>Everything a running emulator holds: settings, task table, counters and the fault pattern.</summary>
public sealed class EmulatorState
{
    private readonly object _settingsGate = new();
    private EmulatorSettings _settings;

    internal EmulatorState(EmulatorSettings settings)
    {
        settings.Validate();
        _settings = settings;
        Faults = new FaultInjector(settings.Seed);
        Tasks = new TaskStore(Now);
    }

    public TaskStore Tasks { get; }
    public RequestStats Stats { get; } = new();

    /// <summary>The settings in force now; read once per request so a request sees one consistent set.</summary>
    public EmulatorSettings Settings => Volatile.Read(ref _settings);

    /// <summary>The emulator's clock (real UTC plus the configured offset).</summary>
    public DateTimeOffset Now() => Settings.Now();

    internal FaultInjector Faults { get; }

    internal RateLimits RateLimits { get; } = new();

    /// <summary>
    /// Applies a change to the live settings. The fault pattern restarts from its seed when the
    /// seed changes, or whenever <paramref name="reseed"/> is set. Throws ArgumentException when
    /// the result is invalid, leaving the settings as they were.
    /// </summary>
    public EmulatorSettings Configure(Func<EmulatorSettings, EmulatorSettings> change, bool reseed = false)
    {
        lock (_settingsGate)
        {
            var before = _settings;
            var after = change(before);
            after.Validate();
            Volatile.Write(ref _settings, after);
            if (reseed || after.Seed != before.Seed) Faults.Reseed(after.Seed);
            // A changed limit starts with full buckets, as a fresh account would.
            if (after.Qps != before.Qps || after.Rpm != before.Rpm) RateLimits.Reset();
            return after;
        }
    }
}
