namespace Qianfan.Emulator.Faults;

public enum FaultKind
{
    None,
    /// <summary>Answer 500 InternalError.</summary>
    Fail,
    /// <summary>Answer 429 RequestLimitExceeded with Retry-After.</summary>
    Throttle,
    /// <summary>Drop the connection without doing anything.</summary>
    Reset,
    /// <summary>Do the action, then drop the connection: the client cannot tell whether it happened.</summary>
    ApplyThenReset,
}

/// <summary>
/// Decides which requests fail. One seeded Random behind a lock, so that a given seed and request
/// order give the same fault pattern every run.
/// </summary>
internal sealed class FaultInjector
{
    private readonly object _gate = new();
    private Random _random;

    public FaultInjector(int? seed) => _random = Create(seed);

    public void Reseed(int? seed)
    {
        lock (_gate) _random = Create(seed);
    }

    public FaultKind Next(EmulatorSettings settings)
    {
        var fail = settings.FailRate;
        var throttle = settings.ThrottleRate;
        var reset = settings.ResetRate;
        // No draw when faults are off, so turning them on later starts the seeded pattern from its beginning.
        if (fail <= 0 && throttle <= 0 && reset <= 0) return FaultKind.None;
        lock (_gate)
        {
            var roll = _random.NextDouble();
            if (roll < fail) return FaultKind.Fail;
            if (roll < fail + throttle) return FaultKind.Throttle;
            if (roll < fail + throttle + reset) return _random.NextDouble() < 0.5 ? FaultKind.ApplyThenReset : FaultKind.Reset;
            return FaultKind.None;
        }
    }

    private static Random Create(int? seed) => seed.HasValue ? new Random(seed.Value) : new Random();
}
