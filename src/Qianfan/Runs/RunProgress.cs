using System;
using System.Globalization;
using System.Management.Automation;
using Qianfan.Runs.Gate;

namespace Qianfan.Runs
{
    /// <summary>The progress bar of a run (shown once it has lasted a while) and its closing verbose summary, written once.</summary>
    internal sealed class RunProgress
    {
        private static readonly TimeSpan ProgressDelay = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private readonly IRunHost _host;
        private readonly TaskIdRunWording _wording;
        private readonly RunStatistics _statistics;
        private readonly bool _reports;
        private TimeSpan _lastShown = TimeSpan.Zero;
        private bool _shown;
        private bool _closed;

        /// <param name="reports">False for a run that shows neither bar nor summary.</param>
        public RunProgress(IRunHost host, TaskIdRunWording wording, RunStatistics statistics, bool reports)
        {
            _host = host;
            _wording = wording;
            _statistics = statistics;
            _reports = reports;
        }

        /// <summary>The number of ids given at once on the command line; null while they come from the pipeline.</summary>
        public int? KnownTotal { get; set; }

        public void Update()
        {
            if (!_reports || _closed) return;
            var elapsed = _statistics.Elapsed;
            if (elapsed < ProgressDelay || elapsed - _lastShown < ProgressInterval) return;
            _lastShown = elapsed;
            _shown = true;
            var status = string.Format(CultureInfo.InvariantCulture, "{0} done, {1} failed, {2:0.0}/s",
                _statistics.Done, _statistics.Failed, _statistics.RatePerSecond);
            var record = new ProgressRecord(1, _wording.Activity, status);
            if (KnownTotal > 0)
            {
                record.PercentComplete = Math.Min(100, (int)(100L * (_statistics.Done + _statistics.Skipped + _statistics.Declined) / KnownTotal.Value));
                var rate = _statistics.RatePerSecond;
                if (rate > 0) record.SecondsRemaining = (int)Math.Max(0, (KnownTotal.Value - _statistics.Done) / rate);
            }
            _host.WriteProgress(record);
        }

        /// <summary>Completes the bar if it was shown, and writes the summary; only the first call does anything.</summary>
        public void Close(RatePacer pacer)
        {
            if (!_reports || _closed) return;
            _closed = true;
            if (_shown)
                _host.WriteProgress(new ProgressRecord(1, _wording.Activity, "Done") { RecordType = ProgressRecordType.Completed });
            if (_host.VerboseEnabled) _host.WriteVerbose($"{_wording.Action}: {_statistics}; {PacingSummary.Describe(pacer)}.");
        }
    }
}
