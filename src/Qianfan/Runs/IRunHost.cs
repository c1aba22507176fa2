using System.Collections.Generic;
using System.Management.Automation;
using Qianfan.Client.Http;

namespace Qianfan.Runs
{
    /// <summary>
    /// What a <see cref="TaskIdRun{TOutcome}"/> needs of the cmdlet it runs for: its streams, its
    /// preferences, and its say on whether an id is sent. The run never sees the cmdlet itself.
    /// </summary>
    internal interface IRunHost
    {
        /// <summary>The cmdlet's name, for the advice in error messages.</summary>
        string CommandName { get; }

        /// <summary>True while more input may arrive from the pipeline: the number of ids is not known in advance.</summary>
        bool ExpectingInput { get; }

        /// <summary>True when an error written now ends the command (-ErrorAction Stop).</summary>
        bool ErrorActionIsStop { get; }

        bool VerboseEnabled { get; }

        /// <summary>
        /// Whether this id is sent: a confirmation (ShouldProcess, -Force, -WhatIf) or a limit such as -First.
        /// </summary>
        /// <exception cref="PSInvalidOperationException">A confirmation was needed and cannot be asked (a non-interactive session).</exception>
        bool ShouldSend(string taskId);

        void WriteObject(object item);

        void WriteError(ErrorRecord error);

        void WriteWarning(string text);

        void WriteVerbose(string text);

        void WriteProgress(ProgressRecord progress);

        /// <summary>One verbose line per HTTP attempt of <paramref name="subject"/> (and with -Debug the signed canonical request).</summary>
        void WriteAttempts(string subject, IEnumerable<AttemptRecord> attempts);

        /// <summary>Ends the command with <paramref name="error"/>; never returns.</summary>
        void ThrowTerminatingError(ErrorRecord error);
    }
}
