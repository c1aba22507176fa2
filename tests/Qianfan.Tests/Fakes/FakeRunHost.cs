using System;
using System.Collections.Generic;
using System.Management.Automation;
using Qianfan.Client.Http;
using Qianfan.Runs;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// A cmdlet's side of a run without PowerShell: keeps what the run writes, answers confirmations with
    /// <see cref="Confirm"/>, and, like PowerShell, stops at the first error written under -ErrorAction Stop.
    /// </summary>
    internal sealed class FakeRunHost : IRunHost
    {
        public List<object> Objects { get; } = new List<object>();
        public List<ErrorRecord> Errors { get; } = new List<ErrorRecord>();
        public List<string> Verbose { get; } = new List<string>();
        public List<string> Asked { get; } = new List<string>();

        /// <summary>The answer to each confirmation; may throw, as ShouldProcess does when it cannot ask.</summary>
        public Func<string, bool> Confirm { get; set; } = _ => true;

        public string CommandName => "Stop-QianfanBatchTask";
        public bool ExpectingInput { get; set; }
        public bool ErrorActionIsStop { get; set; }
        public bool VerboseEnabled => true;

        public bool ShouldSend(string taskId)
        {
            Asked.Add(taskId);
            return Confirm(taskId);
        }

        public void WriteObject(object item) => Objects.Add(item);

        public void WriteError(ErrorRecord error)
        {
            Errors.Add(error);
            if (ErrorActionIsStop) throw new StoppedByErrorException(error);
        }

        public void WriteWarning(string text) => Verbose.Add("WARNING: " + text);
        public void WriteVerbose(string text) => Verbose.Add(text);
        public void WriteProgress(ProgressRecord progress) { }
        public void WriteAttempts(string subject, IEnumerable<AttemptRecord> attempts) { }

        public void ThrowTerminatingError(ErrorRecord error)
        {
            Errors.Add(error);
            throw new StoppedByErrorException(error);
        }
    }

    /// <summary>What PowerShell's ActionPreferenceStopException or a terminating error does to the run: ends it at once.</summary>
    internal sealed class StoppedByErrorException : Exception
    {
        public StoppedByErrorException(ErrorRecord error) : base(error.ToString()) => Error = error;

        public ErrorRecord Error { get; }
    }
}
