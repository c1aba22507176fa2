using System;
using System.Linq;

namespace Qianfan.Runs
{
    /// <summary>The tally of one run, for the closing verbose line and the progress bar.</summary>
    internal sealed class RunStatistics
    {
        private readonly ClockWatch _watch;

        /// <param name="clock">What the run is timed with; the machine's when null.</param>
        public RunStatistics(IClock? clock = null)
        {
            _watch = ClockWatch.StartNew(clock ?? SystemClock.Instance);
        }

        public int Succeeded { get; private set; }
        public int Failed { get; private set; }
        public int Retried { get; private set; }
        public int Skipped { get; private set; }
        public int Declined { get; private set; }
        public TimeSpan Elapsed => _watch.Elapsed;
        public int Done => Succeeded + Failed;
        public double RatePerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

        /// <summary>Counts an id that was sent (or refused locally): succeeded or failed, and retried when any request of it took more than one attempt.</summary>
        internal void Record(ITaskIdOutcome outcome)
        {
            if (outcome.Succeeded) Succeeded++;
            else Failed++;
            if (outcome.Attempts.Any(attempt => attempt.Attempt > 1)) Retried++;
        }

        public void RecordSkipped() => Skipped++;

        public void RecordDeclined() => Declined++;

        public override string ToString() =>
            $"{Succeeded} succeeded, {Failed} failed, {Retried} retried, {Skipped} skipped (blank or repeated), " +
            $"{Declined} not confirmed, in {Elapsed.TotalSeconds:0.00} s";
    }
}
