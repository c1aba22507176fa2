using System;
using System.Collections.Generic;
using Qianfan.Emulator.Faults;
using Qianfan.Tests.Fakes;

namespace Qianfan.Tests.Runs.Gate.Simulation
{
    /// <summary>The three shapes a gateway may give one account's per-second limit (docs/qianfan-api.md, "Rate limits").</summary>
    public enum LimitKind
    {
        /// <summary>A token bucket holding a tenth of a second's worth: evenly spaced requests only.</summary>
        StrictBucket,
        /// <summary>A token bucket holding a second's worth, as the emulator has by default.</summary>
        SecondBucket,
        /// <summary>A fixed one-second window.</summary>
        FixedWindow,
    }

    /// <summary>
    /// A service in process and on simulated time: one account's limit, judged by the emulator's own
    /// <see cref="RequestLimit"/>, and a queue of events in time order that moves the tests' one
    /// <see cref="FakeClock"/>. No sockets and no sleeping, so a run of thousands of requests takes milliseconds.
    /// </summary>
    internal sealed class SimulatedService
    {
        private readonly PriorityQueue<Action, (TimeSpan At, long Order)> _events = new();
        private readonly RequestLimit _limit;
        private readonly Random _random = new(7);
        private readonly Random _jitterRandom = new(11);
        private long _order;

        public SimulatedService(LimitKind kind, double cap)
        {
            var shape = kind switch
            {
                LimitKind.StrictBucket => LimitShape.Bucket(cap, cap * 0.1),
                LimitKind.SecondBucket => LimitShape.Bucket(cap, cap),
                _ => LimitShape.FixedWindow(cap),
            };
            // The limit starts at a time of its own: a window's edges fall anywhere in the runs' seconds.
            _limit = new RequestLimit(shape, -0.37);
            Cap = cap;
        }

        public double Cap { get; }

        /// <summary>The simulated time: the runs' pacers read it, each event moves it on.</summary>
        public FakeClock Clock { get; } = new FakeClock();

        public TimeSpan Now => Clock.Elapsed;

        /// <summary>The gateway's delay each way; a throttle comes back after both, an accepted request after the latency too.</summary>
        public TimeSpan NetworkDelay { get; set; } = TimeSpan.FromMilliseconds(0.5);

        public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(20);

        /// <summary>
        /// The mean of a random extra delay on each request's way to the gateway (exponential): the
        /// client's signing and sending, the server's accepting and parsing, each thread's wait for a core.
        /// Two requests started evenly reach the limit unevenly, and a bucket of one token throttles
        /// the one that came sooner after the other than its refill.
        /// </summary>
        public TimeSpan ArrivalJitter { get; set; }

        /// <summary>A share of the requests within the limit throttled anyway, at random (a busy backend, not a rate).</summary>
        public double RandomThrottleShare { get; set; }

        public void At(TimeSpan at, Action action) => _events.Enqueue(action, (at < Now ? Now : at, _order++));

        /// <summary>Sends a request now: <paramref name="answered"/> gets whether it was accepted when its answer arrives.</summary>
        public void Send(Action<bool> answered)
        {
            var jitter = TimeSpan.FromTicks((long)(-Math.Log(1 - _jitterRandom.NextDouble()) * ArrivalJitter.Ticks));
            At(Now + NetworkDelay + jitter, () =>
            {
                var accepted = _limit.TryTake(Now.TotalSeconds) && !(_random.NextDouble() < RandomThrottleShare);
                At(Now + (accepted ? Latency : TimeSpan.Zero) + NetworkDelay, () => answered(accepted));
            });
        }

        /// <summary>Runs events in time order until none are left, or until <paramref name="limit"/>.</summary>
        public void Run(TimeSpan limit)
        {
            while (_events.TryDequeue(out var action, out var when))
            {
                if (when.At > limit) break;
                Clock.AdvanceTo(when.At);
                action();
            }
        }
    }
}
