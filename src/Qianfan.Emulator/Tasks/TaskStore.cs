using System.Security.Cryptography;

namespace Qianfan.Emulator.Tasks;

/// <summary>Result of a state change asked of the store.</summary>
public enum TaskChange
{
    Done,
    NotFound,
    WrongStatus,
}

/// <summary>One page of the task list; <paramref name="NextTaskId"/> is the first task of the next page, when there is one.</summary>
public sealed record TaskPage(IReadOnlyList<TaskRecord> Tasks, bool IsTruncated, string? NextTaskId = null);

/// <summary>
/// The in-memory task table. One lock guards both the id index and the ordered id set; every
/// operation under it is a few dictionary or tree steps, which is far cheaper than the HTTP work
/// around it, so a single lock keeps up with thousands of requests per second.
/// </summary>
public sealed class TaskStore
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly object _gate = new();
    private readonly Dictionary<string, TaskRecord> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _clock;

    /// <param name="clock">The clock that delayed stops (<see cref="TaskRecord.StopsAt"/>) are timed by; real UTC by default.</param>
    public TaskStore(Func<DateTimeOffset>? clock = null) => _clock = clock ?? (() => DateTimeOffset.UtcNow);

    public int Count
    {
        get { lock (_gate) return _byId.Count; }
    }

    public TaskRecord? Find(string taskId)
    {
        lock (_gate) return _byId.TryGetValue(taskId, out var task) ? Settled(task) : null;
    }

    /// <summary>Every task, ordered by id.</summary>
    public IReadOnlyList<TaskRecord> Snapshot()
    {
        lock (_gate) return _ids.Select(id => Settled(_byId[id])).ToList();
    }

    /// <summary>Adds the tasks, replacing any with the same id; with <paramref name="replace"/> the table holds only them afterwards.</summary>
    public void Put(IEnumerable<TaskRecord> tasks, bool replace = false)
    {
        var list = tasks.ToList();
        lock (_gate)
        {
            if (replace)
            {
                _byId.Clear();
                _ids.Clear();
            }
            foreach (var task in list)
            {
                _byId[task.TaskId] = task;
                _ids.Add(task.TaskId);
            }
        }
    }

    /// <summary>Adds a task under a fresh id of the form infer-xxxxxxxxxxxx.</summary>
    public TaskRecord Create(Func<string, TaskRecord> build)
    {
        lock (_gate)
        {
            string id;
            do
            {
                id = "infer-" + RandomNumberGenerator.GetString(IdAlphabet, 12);
            } while (_byId.ContainsKey(id));
            var task = build(id);
            _byId[id] = task;
            _ids.Add(id);
            return task;
        }
    }

    /// <summary>
    /// Running becomes Stopped, at once or, with a <paramref name="delay"/>, that much later (a stop
    /// asked again meanwhile is accepted and keeps the first time); <paramref name="found"/> is the
    /// task as it was before.
    /// </summary>
    public TaskChange Stop(string taskId, DateTimeOffset now, out TaskRecord? found, TimeSpan delay = default)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(taskId, out found)) return TaskChange.NotFound;
            found = Settled(found);
            if (found.RunStatus != RunStatus.Running) return TaskChange.WrongStatus;
            if (found.StopsAt != null) return TaskChange.Done;
            _byId[taskId] = delay > TimeSpan.Zero
                ? found with { StopsAt = now + delay }
                : found with { RunStatus = RunStatus.Stopped, FinishTime = now };
            return TaskChange.Done;
        }
    }

    /// <summary>Removes a task that is not running; <paramref name="found"/> is the task as it was before.</summary>
    public TaskChange Delete(string taskId, out TaskRecord? found)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(taskId, out found)) return TaskChange.NotFound;
            found = Settled(found);
            if (found.RunStatus == RunStatus.Running) return TaskChange.WrongStatus;
            _byId.Remove(taskId);
            _ids.Remove(taskId);
            return TaskChange.Done;
        }
    }

    /// <summary>
    /// Up to <paramref name="maxKeys"/> tasks after <paramref name="marker"/> in id order (before it when
    /// <paramref name="reverse"/>), the marker's own task too when <paramref name="inclusive"/>, keeping only
    /// the given statuses when any are given.
    /// </summary>
    public TaskPage List(string? marker, int maxKeys, bool reverse, IReadOnlyCollection<string>? statuses, bool inclusive = false)
    {
        var filter = statuses is { Count: > 0 } ? new HashSet<string>(statuses, StringComparer.Ordinal) : null;
        var page = new List<TaskRecord>(Math.Min(maxKeys, 128));
        lock (_gate)
        {
            foreach (var id in IdsAfter(marker, reverse, inclusive))
            {
                var task = Settled(_byId[id]);
                if (filter != null && !filter.Contains(task.RunStatus)) continue;
                if (page.Count == maxKeys) return new TaskPage(page, IsTruncated: true, NextTaskId: task.TaskId);
                page.Add(task);
            }
        }
        return new TaskPage(page, IsTruncated: false);
    }

    // Caller holds the lock. A delayed stop whose time has come takes effect when the task is next looked at.
    private TaskRecord Settled(TaskRecord task)
    {
        if (task.StopsAt is not { } due || due > _clock()) return task;
        var stopped = task with { RunStatus = RunStatus.Stopped, FinishTime = due, StopsAt = null };
        _byId[task.TaskId] = stopped;
        return stopped;
    }

    // Caller holds the lock. Uses tree views so that a page costs O(log n + page), not a scan from the start.
    private IEnumerable<string> IdsAfter(string? marker, bool reverse, bool inclusive)
    {
        if (_ids.Count == 0) return Array.Empty<string>();
        if (string.IsNullOrEmpty(marker)) return reverse ? _ids.Reverse() : _ids;

        var comparer = StringComparer.Ordinal;
        // An id past the marker is shown, and the marker's own when the marker is inclusive.
        bool Shown(int pastMarker) => pastMarker > 0 || (inclusive && pastMarker == 0);
        if (!reverse)
        {
            if (comparer.Compare(marker, _ids.Max) > 0) return Array.Empty<string>();
            return _ids.GetViewBetween(marker, _ids.Max!).Where(id => Shown(comparer.Compare(id, marker)));
        }
        if (comparer.Compare(marker, _ids.Min) < 0) return Array.Empty<string>();
        return _ids.GetViewBetween(_ids.Min!, marker).Reverse().Where(id => Shown(comparer.Compare(marker, id)));
    }
}
