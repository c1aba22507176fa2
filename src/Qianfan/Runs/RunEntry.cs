using System;
using System.Collections.Generic;
using Qianfan.Client.Http;

namespace Qianfan.Runs
{
    /// <summary>
    /// One id's place in the output order of a run: what the work said of a sent id, or an id the run
    /// decided about without sending it (refused as not a valid id, or held back because the run had
    /// stopped sending).
    /// </summary>
    internal sealed class RunEntry<TOutcome> : ITaskIdOutcome where TOutcome : class, ITaskIdOutcome
    {
        private static readonly AttemptRecord[] NoAttempts = Array.Empty<AttemptRecord>();
        private readonly bool _heldBack;

        private RunEntry(string taskId, TOutcome? sent, string? invalidReason, bool heldBack)
        {
            TaskId = taskId;
            Sent = sent;
            InvalidReason = invalidReason;
            _heldBack = heldBack;
        }

        public string TaskId { get; }

        /// <summary>What the work said of the id; null for an id the run did not send.</summary>
        public TOutcome? Sent { get; }

        /// <summary>Why the id is not a valid one; null for a valid id.</summary>
        public string? InvalidReason { get; }

        public bool Succeeded => Sent?.Succeeded ?? false;

        /// <summary>True when nothing was asked of the service for this id because the run had stopped sending.</summary>
        public bool NotAttempted => _heldBack || (Sent?.NotAttempted ?? false);

        public IReadOnlyList<AttemptRecord> Attempts => Sent?.Attempts ?? NoAttempts;

        public string? Warning => Sent?.Warning;

        public static RunEntry<TOutcome> From(TOutcome sent) => new RunEntry<TOutcome>(sent.TaskId, sent, null, heldBack: false);

        public static RunEntry<TOutcome> Invalid(string taskId, string reason) => new RunEntry<TOutcome>(taskId, null, reason, heldBack: false);

        public static RunEntry<TOutcome> AfterHalt(string taskId) => new RunEntry<TOutcome>(taskId, null, null, heldBack: true);
    }
}
