using System.Diagnostics;

namespace Qianfan.Emulator.Faults;

/// <summary>Which limit a request ran into.</summary>
internal enum RateLimitVerdict
{
    Allowed,
    /// <summary>Over the per-second limit (--qps).</summary>
    OverQps,
    /// <summary>Over the per-minute limit (--rpm).</summary>
    OverRpm,
}

/// <summary>
/// The account's request limits, as token buckets: --qps N holds N tokens refilled at N a second,
/// --rpm N holds N tokens refilled at N a minute. A request takes a token from each; when either is
/// empty it is throttled and takes none. Buckets start full, and are rebuilt when a limit changes.
/// </summary>
internal sealed class RateLimits
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Bucket? _perSecond;
    private Bucket? _perMinute;

    /// <param name="remainingPerMinute">Whole tokens left in the per-minute bucket after this request; null without --rpm.</param>
    public RateLimitVerdict TryTake(EmulatorSettings settings, out int? remainingPerMinute)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _perSecond = Bucket.Follow(_perSecond, settings.Qps, settings.Qps, now);
            _perMinute = Bucket.Follow(_perMinute, settings.Rpm, settings.Rpm / 60.0, now);
            _perSecond?.Refill(now);
            _perMinute?.Refill(now);
            var verdict = RateLimitVerdict.Allowed;
            if (_perSecond is { Tokens: < 1 }) verdict = RateLimitVerdict.OverQps;
            else if (_perMinute is { Tokens: < 1 }) verdict = RateLimitVerdict.OverRpm;
            else
            {
                _perSecond?.Take();
                _perMinute?.Take();
            }
            remainingPerMinute = _perMinute == null ? null : (int)Math.Floor(_perMinute.Tokens);
            return verdict;
        }
    }

    /// <summary>Forgets the buckets: the next request starts full ones.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _perSecond = null;
            _perMinute = null;
        }
    }

    private sealed class Bucket
    {
        private Bucket(double capacity, double perSecond, double now)
        {
            Capacity = capacity;
            PerSecond = perSecond;
            Tokens = capacity;
            _last = now;
        }

        private double _last;
        public double Capacity { get; }
        public double PerSecond { get; }
        public double Tokens { get; private set; }

        /// <summary>The bucket for a limit: none when the limit is off, a fresh full one when it changed.</summary>
        public static Bucket? Follow(Bucket? current, double capacity, double perSecond, double now)
        {
            if (capacity <= 0) return null;
            if (current != null && current.Capacity == capacity && current.PerSecond == perSecond) return current;
            return new Bucket(capacity, perSecond, now);
        }

        public void Refill(double now)
        {
            Tokens = Math.Min(Capacity, Tokens + (now - _last) * PerSecond);
            _last = now;
        }

        public void Take() => Tokens -= 1;
    }
}
