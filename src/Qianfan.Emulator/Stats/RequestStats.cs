using System.Linq;
using System.Collections.Concurrent;
using Qianfan.Emulator.Faults;

namespace Qianfan.Emulator.Stats;

/// <summary>What the emulator has seen since the last reset, for tests and scripts to assert on.</summary>
public sealed record StatsSnapshot(
    long Total,
    IReadOnlyDictionary<string, long> ByAction,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ById,
    long Fail,
    long Throttle,
    long Reset,
    long AuthFailures,
    int MaxConcurrent,
    long RateLimited = 0,
    IReadOnlyList<RequestEvent>? Log = null)
{
    /// <summary>How many authenticated requests named this task id with this action (0 when none).</summary>
    public long Count(string taskId, string action) =>
        ById.TryGetValue(taskId, out var actions) && actions.TryGetValue(action, out var n) ? n : 0;
}

/// <summary>
/// One entry of the request log, in the order the emulator saw it: an authenticated request
/// received (its body read), or the answer to one about to be written. Lets a test tell which
/// requests arrived after a given answer went out.
/// </summary>
public sealed record RequestEvent(long Sequence, string Event, string? Action, string? TaskId, string? Code);

/// <summary>
/// Lock-free request counters. Counts are only ever incremented or cleared, so a Counter object
/// per key with Interlocked increments is enough; a reset racing an increment may lose that one count.
/// </summary>
public sealed class RequestStats
{
    private sealed class Counter
    {
        public long Value;
    }

    private readonly ConcurrentDictionary<string, Counter> _byAction = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string TaskId, string Action), Counter> _byId = new();
    private long _total;
    private long _fail;
    private long _throttle;
    private long _reset;
    private long _authFailures;
    private long _rateLimited;
    private int _inFlight;
    private int _maxConcurrent;
    private readonly ConcurrentQueue<RequestEvent> _log = new();
    private long _sequence;

    /// <summary>The log keeps this many entries at most; a longer run keeps its first ones.</summary>
    public const int LogLimit = 100_000;

    public const string Received = "received";
    public const string Answered = "answered";

    internal void EnterRequest()
    {
        var now = Interlocked.Increment(ref _inFlight);
        var max = Volatile.Read(ref _maxConcurrent);
        while (now > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxConcurrent, now, max);
            if (seen == max) break;
            max = seen;
        }
    }

    internal void ExitRequest() => Interlocked.Decrement(ref _inFlight);

    internal void RecordAuthFailure() => Interlocked.Increment(ref _authFailures);

    /// <summary>An authenticated request refused for being over --qps or --rpm; not counted as accepted.</summary>
    internal void RecordRateLimited() => Interlocked.Increment(ref _rateLimited);

    /// <summary>An authenticated API request, counted whether or not a fault is then injected.</summary>
    internal void RecordAccepted(string? action, string? taskId)
    {
        Interlocked.Increment(ref _total);
        AddToLog(Received, action, taskId, null);
        if (string.IsNullOrEmpty(action)) return;
        Interlocked.Increment(ref _byAction.GetOrAdd(action, _ => new Counter()).Value);
        if (!string.IsNullOrEmpty(taskId))
        {
            Interlocked.Increment(ref _byId.GetOrAdd((taskId, action), _ => new Counter()).Value);
        }
    }

    /// <summary>An answer to an authenticated request is about to be written; <paramref name="code"/> is null for a success.</summary>
    internal void RecordAnswer(string? action, string? taskId, string? code) => AddToLog(Answered, action, taskId, code);

    private void AddToLog(string kind, string? action, string? taskId, string? code)
    {
        if (_log.Count >= LogLimit) return;
        _log.Enqueue(new RequestEvent(Interlocked.Increment(ref _sequence), kind, action, taskId, code));
    }

    internal void RecordFault(FaultKind kind)
    {
        switch (kind)
        {
            case FaultKind.Fail: Interlocked.Increment(ref _fail); break;
            case FaultKind.Throttle: Interlocked.Increment(ref _throttle); break;
            case FaultKind.Reset:
            case FaultKind.ApplyThenReset: Interlocked.Increment(ref _reset); break;
        }
    }

    public void Reset()
    {
        _byAction.Clear();
        _byId.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _fail, 0);
        Interlocked.Exchange(ref _throttle, 0);
        Interlocked.Exchange(ref _reset, 0);
        Interlocked.Exchange(ref _authFailures, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        _log.Clear();
        // Requests still in flight count towards the new maximum.
        Interlocked.Exchange(ref _maxConcurrent, Volatile.Read(ref _inFlight));
    }

    public StatsSnapshot Snapshot()
    {
        var byAction = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in _byAction) byAction[pair.Key] = Volatile.Read(ref pair.Value.Value);

        var byId = new SortedDictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var pair in _byId)
        {
            if (!byId.TryGetValue(pair.Key.TaskId, out var actions))
            {
                actions = new SortedDictionary<string, long>(StringComparer.Ordinal);
                byId[pair.Key.TaskId] = actions;
            }
            ((SortedDictionary<string, long>)actions)[pair.Key.Action] = Volatile.Read(ref pair.Value.Value);
        }

        return new StatsSnapshot(
            Interlocked.Read(ref _total),
            byAction,
            byId,
            Interlocked.Read(ref _fail),
            Interlocked.Read(ref _throttle),
            Interlocked.Read(ref _reset),
            Interlocked.Read(ref _authFailures),
            Volatile.Read(ref _maxConcurrent),
            Interlocked.Read(ref _rateLimited),
            _log.OrderBy(entry => entry.Sequence).ToArray());
    }
}
