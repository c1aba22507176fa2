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
/// The account's request limits: --qps N as a token bucket holding --qps-bucket tokens (a second's
/// worth, N, unless set) refilled at N a second, or with --qps-window as a fixed one-second window
/// counting N requests a calendar second; --rpm N as a bucket of N tokens refilled at N a minute. A
/// request takes from each; when either is out it is throttled and takes none. Limits start full,
/// and are rebuilt when a setting of theirs changes. How the real gateway enforces its per-second
/// limit is not published (docs/qianfan-api.md, "Rate limits"), so the shapes are settings.
/// </summary>
internal sealed class RateLimits
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private RequestLimit? _perSecond;
    private RequestLimit? _perMinute;

    /// <param name="remainingPerMinute">Whole tokens left in the per-minute bucket after this request; null without --rpm.</param>
    public RateLimitVerdict TryTake(EmulatorSettings settings, out int? remainingPerMinute)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _perSecond = RequestLimit.Follow(_perSecond, PerSecondShape(settings), now);
            _perMinute = RequestLimit.Follow(_perMinute, settings.Rpm > 0 ? LimitShape.Bucket(settings.Rpm / 60.0, settings.Rpm) : null, now);
            var verdict = RateLimitVerdict.Allowed;
            if (_perSecond != null && !_perSecond.HasRoom(now)) verdict = RateLimitVerdict.OverQps;
            else if (_perMinute != null && !_perMinute.HasRoom(now)) verdict = RateLimitVerdict.OverRpm;
            else
            {
                _perSecond?.Take();
                _perMinute?.Take();
            }
            remainingPerMinute = _perMinute == null ? null : (int)Math.Floor(_perMinute.Left);
            return verdict;
        }
    }

    /// <summary>Forgets the limits: the next request starts full ones.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _perSecond = null;
            _perMinute = null;
        }
    }

    private static LimitShape? PerSecondShape(EmulatorSettings settings)
    {
        if (settings.Qps <= 0) return null;
        if (settings.QpsWindow) return LimitShape.FixedWindow(settings.Qps);
        return LimitShape.Bucket(settings.Qps, settings.QpsBucket > 0 ? settings.QpsBucket : settings.Qps);
    }
}

/// <summary>
/// The shape of a request limit: a token bucket (<see cref="Capacity"/> tokens, refilled at
/// <see cref="PerSecond"/>) or a fixed window (<see cref="PerSecond"/> requests each calendar second).
/// </summary>
public sealed record LimitShape(double PerSecond, double Capacity, bool Window)
{
    /// <summary>A bucket holding <paramref name="capacity"/> tokens (at least one), refilled at <paramref name="perSecond"/>.</summary>
    public static LimitShape Bucket(double perSecond, double capacity) => new(perSecond, Math.Max(1, capacity), false);

    /// <summary>At most <paramref name="perSecond"/> requests in each one-second window, counted from the limit's start.</summary>
    public static LimitShape FixedWindow(double perSecond) => new(perSecond, perSecond, true);
}

/// <summary>
/// One limit of a given shape on a supplied clock (seconds), so that the emulator and in-process
/// simulations of a service judge requests alike.
/// </summary>
public sealed class RequestLimit
{
    private readonly double _start;
    private double _last;
    private long _window;

    public RequestLimit(LimitShape shape, double now)
    {
        Shape = shape ?? throw new ArgumentNullException(nameof(shape));
        _start = now;
        _last = now;
        Left = shape.Capacity;
    }

    public LimitShape Shape { get; }

    /// <summary>Tokens in the bucket, or requests still allowed in the current window.</summary>
    public double Left { get; private set; }

    /// <summary>The limit for <paramref name="shape"/>: none when it is off, the same one while it is unchanged, a fresh full one when it changed.</summary>
    public static RequestLimit? Follow(RequestLimit? current, LimitShape? shape, double now)
    {
        if (shape == null) return null;
        return current != null && current.Shape == shape ? current : new RequestLimit(shape, now);
    }

    /// <summary>Whether a request at <paramref name="now"/> fits; it takes nothing until <see cref="Take"/>.</summary>
    public bool HasRoom(double now)
    {
        if (Shape.Window)
        {
            var window = (long)Math.Floor(now - _start);
            if (window != _window)
            {
                _window = window;
                Left = Shape.Capacity;
            }
        }
        else
        {
            Left = Math.Min(Shape.Capacity, Left + (now - _last) * Shape.PerSecond);
            _last = now;
        }
        return Left >= 1;
    }

    public void Take() => Left -= 1;

    /// <summary>Takes one if a request at <paramref name="now"/> fits.</summary>
    public bool TryTake(double now)
    {
        if (!HasRoom(now)) return false;
        Take();
        return true;
    }
}
