using System;
using System.Collections.Generic;
using System.Management.Automation;
using Qianfan.Client.Http;
using Qianfan.Runs;
using Qianfan.Runs.Gate;

namespace Qianfan.Cmdlets
{
    /// <summary>A run's host over the cmdlet it runs for: its streams and preferences, and the cmdlet's own say on each id.</summary>
    internal sealed class CmdletRunHost : IRunHost
    {
        private readonly QianfanCommand _cmdlet;
        private readonly Func<string, bool> _shouldSend;

        /// <param name="cmdlet">The cmdlet whose streams the run writes to.</param>
        /// <param name="shouldSend">The cmdlet's ShouldProcess, -Force or -First for an id; it may throw as ShouldProcess does.</param>
        public CmdletRunHost(QianfanCommand cmdlet, Func<string, bool> shouldSend)
        {
            _cmdlet = cmdlet;
            _shouldSend = shouldSend;
        }

        /// <summary>
        /// A run for <paramref name="cmdlet"/>, within the limits of its parameters and <paramref name="throttleLimit"/>,
        /// doing <paramref name="workThrough"/> the run's gate to each id that <paramref name="shouldSend"/> lets through.
        /// </summary>
        public static TaskIdRun<TOutcome> RunFor<TOutcome>(QianfanCommand cmdlet, Func<RequestGate, ITaskIdWork<TOutcome>> workThrough,
            Func<string, bool> shouldSend, int throttleLimit)
            where TOutcome : class, ITaskIdOutcome =>
            new TaskIdRun<TOutcome>(new CmdletRunHost(cmdlet, shouldSend), cmdlet.LimitsOfRequests(throttleLimit), workThrough, cmdlet.PipelineStopToken);

        public string CommandName => _cmdlet.MyInvocation.MyCommand.Name;
        public bool ExpectingInput => _cmdlet.MyInvocation.ExpectingInput;
        public bool ErrorActionIsStop => _cmdlet.ErrorActionIsStop;
        public bool VerboseEnabled => _cmdlet.VerboseEnabled;

        public bool ShouldSend(string taskId) => _shouldSend(taskId);

        public void WriteObject(object item) => _cmdlet.WriteObject(item);
        public void WriteError(ErrorRecord error) => _cmdlet.WriteError(error);
        public void WriteWarning(string text) => _cmdlet.WriteWarning(text);
        public void WriteVerbose(string text) => _cmdlet.WriteVerbose(text);
        public void WriteProgress(ProgressRecord progress) => _cmdlet.WriteProgress(progress);
        public void WriteAttempts(string subject, IEnumerable<AttemptRecord> attempts) => _cmdlet.WriteAttempts(subject, attempts);
        public void ThrowTerminatingError(ErrorRecord error) => _cmdlet.ThrowTerminatingError(error);
    }
}
