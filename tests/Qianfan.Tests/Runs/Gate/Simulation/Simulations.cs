using System;
using System.Linq;

namespace Qianfan.Tests.Runs.Gate.Simulation
{
    /// <summary>The benchmark's runs, on simulated time: ids = 20 s x cap, 20 ms latency.</summary>
    internal static class Simulations
    {
        public const double IdealSeconds = 20;

        public static SimulatedRun Alone(LimitKind kind, double cap, int throttleLimit, TimeSpan arrivalJitter = default)
        {
            var service = new SimulatedService(kind, cap) { ArrivalJitter = arrivalJitter };
            var run = new SimulatedRun(service, (int)(cap * IdealSeconds), throttleLimit);
            run.StartAt(TimeSpan.Zero);
            service.Run(TimeSpan.FromMinutes(10));
            return run;
        }

        /// <summary>Runs of <paramref name="ids"/> each on one account's cap, started <paramref name="apart"/> seconds after one another.</summary>
        public static SimulatedRun[] Sharing(LimitKind kind, double cap, int runs, int ids, double apart)
        {
            var service = new SimulatedService(kind, cap);
            var all = Enumerable.Range(0, runs).Select(i => new SimulatedRun(service, ids, 16, seed: i + 1)).ToArray();
            for (var i = 0; i < runs; i++) all[i].StartAt(TimeSpan.FromSeconds(apart * i));
            service.Run(TimeSpan.FromMinutes(10));
            return all;
        }
    }
}
