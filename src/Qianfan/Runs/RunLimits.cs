using System;
using Qianfan.Runs.Gate;

namespace Qianfan.Runs
{
    /// <summary>
    /// How one run's requests are held back, from its cmdlet's parameters: how many in flight, the most per
    /// second, how long throttling may last, and whether the first failure stops it (-ErrorAction Stop).
    /// The run builds its own gate from them.
    /// </summary>
    internal sealed class RunLimits
    {
        public RunLimits(int concurrency, double? maxRequestsPerSecond, TimeSpan throttleTimeout, bool stopsAtFirstFailure)
        {
            Concurrency = concurrency;
            MaxRequestsPerSecond = maxRequestsPerSecond;
            ThrottleTimeout = throttleTimeout;
            StopsAtFirstFailure = stopsAtFirstFailure;
        }

        public int Concurrency { get; }
        public double? MaxRequestsPerSecond { get; }
        public TimeSpan ThrottleTimeout { get; }
        public bool StopsAtFirstFailure { get; }

        /// <summary>A new gate with these limits, for one run (one cmdlet call).</summary>
        public RequestGate NewGate() =>
            new RequestGate(Concurrency, MaxRequestsPerSecond, ThrottleTimeout, stopsAtFirstFailure: StopsAtFirstFailure);
    }
}
