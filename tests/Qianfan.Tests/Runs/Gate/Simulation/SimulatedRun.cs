using System;
using System.Collections.Generic;
using Qianfan.Runs.Gate;

namespace Qianfan.Tests.Runs.Gate.Simulation
{
    /// <summary>
    /// One run of a cmdlet against a <see cref="SimulatedService"/>, as the request gate and the console
    /// client run it: at most ThrottleLimit requests in flight, starts at the pacer's pace (one caller
    /// waiting on it at a time), a throttled id retried ahead of new ones after Retry-After (1 s) or the
    /// jittered backoff, whichever is longer. Its own pacer, knowing nothing of other runs on the service.
    /// </summary>
    internal sealed class SimulatedRun
    {
        private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
        private readonly SimulatedService _service;
        private readonly Queue<(int Id, int Throttles)> _retries = new();
        private readonly Random _random;
        private readonly int[] _done;
        private int _next;
        private int _inFlight;
        private bool _waking;
        private TimeSpan _start;
        private PaceMode _lastMode;
        private TimeSpan _machineFree;

        public SimulatedRun(SimulatedService service, int ids, int throttleLimit, double? maxPerSecond = null, int seed = 1)
        {
            _service = service;
            _done = new int[ids];
            ThrottleLimit = throttleLimit;
            _random = new Random(seed);
            Pacer = new RatePacer(maxPerSecond, _service.Clock);
        }

        public RatePacer Pacer { get; }
        public int ThrottleLimit { get; }
        public int Ids => _done.Length;
        public int Attempts { get; private set; }
        public int Throttled { get; private set; }
        public int Done { get; private set; }

        /// <summary>Throttles by what the pace was doing when the request started.</summary>
        public Dictionary<PaceMode, int> ThrottledIn { get; } = new();

        /// <summary>How many times a start found the pace measuring after it had not been.</summary>
        public int MeasuringSpells { get; private set; }

        /// <summary>How late each timer wakes: 15.6 ms plays Windows' timer granularity.</summary>
        public TimeSpan TimerLateness { get; set; }

        /// <summary>The most starts a second the client's machine manages at a time (a loaded one), or null for no bound.</summary>
        public Func<TimeSpan, double>? StartsPerSecondAtMost { get; set; }

        public TimeSpan Started => _start;
        public TimeSpan? Finished { get; private set; }
        public double Seconds => ((Finished ?? _service.Now) - _start).TotalSeconds;
        public double ThrottledShare => Attempts == 0 ? 0 : Throttled / (double)Attempts;

        /// <summary>Ids the service accepted other than exactly once: none when every id came out once.</summary>
        public int IdsNotDoneOnce => Array.FindAll(_done, n => n != 1).Length;

        public void StartAt(TimeSpan at) => _service.At(at, () =>
        {
            _start = _service.Now;
            Pump();
        });

        private void Pump()
        {
            while (_inFlight < ThrottleLimit && (_retries.Count > 0 || _next < _done.Length))
            {
                // A machine that can start no more than StartsPerSecondAtMost: the next start waits for it.
                if (_service.Now < _machineFree)
                {
                    if (_waking) return;
                    _waking = true;
                    _service.At(_machineFree, () =>
                    {
                        _waking = false;
                        Pump();
                    });
                    return;
                }
                if (!Pacer.TryStart(out var wait))
                {
                    if (_waking) return;
                    _waking = true;
                    _service.At(_service.Now + wait + TimerLateness, () =>
                    {
                        _waking = false;
                        Pump();
                    });
                    return;
                }
                var (id, throttles) = _retries.Count > 0 ? _retries.Dequeue() : (_next++, 0);
                Send(id, throttles);
                if (StartsPerSecondAtMost != null) _machineFree = _service.Now + TimeSpan.FromSeconds(1 / StartsPerSecondAtMost(_service.Now));
            }
        }

        private void Send(int id, int throttles)
        {
            _inFlight++;
            Attempts++;
            var sentAt = _service.Now;
            var mode = Pacer.Mode;
            if (mode == PaceMode.Measuring && _lastMode != PaceMode.Measuring) MeasuringSpells++;
            _lastMode = mode;
            _service.Send(accepted =>
            {
                _inFlight--;
                if (accepted)
                {
                    Pacer.OnAccepted(sentAt);
                    _done[id]++;
                    if (++Done == _done.Length) Finished = _service.Now;
                }
                else
                {
                    Throttled++;
                    ThrottledIn[mode] = ThrottledIn.GetValueOrDefault(mode) + 1;
                    Pacer.OnThrottled(sentAt);
                    var backoff = TimeSpan.FromMilliseconds(Math.Min(20000, 100 * Math.Pow(2, throttles)) * _random.NextDouble());
                    _service.At(_service.Now + (backoff > RetryAfter ? backoff : RetryAfter), () =>
                    {
                        _retries.Enqueue((id, throttles + 1));
                        Pump();
                    });
                }
                Pump();
            });
        }
    }
}
