using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client.Http;
using Qianfan.Runs;
using Qianfan.Runs.Gate;

namespace Qianfan.Tests.Fakes
{
    /// <summary>How one id ended in a <see cref="FakeTaskIdWork"/>.</summary>
    internal sealed class FakeOutcome : ITaskIdOutcome
    {
        private FakeOutcome(string taskId, bool succeeded, bool notAttempted)
        {
            TaskId = taskId;
            Succeeded = succeeded;
            NotAttempted = notAttempted;
        }

        public string TaskId { get; }
        public bool Succeeded { get; }
        public bool NotAttempted { get; }
        public IReadOnlyList<AttemptRecord> Attempts { get; } = Array.Empty<AttemptRecord>();
        public string? Warning => null;

        public static FakeOutcome Done(string taskId) => new FakeOutcome(taskId, true, false);
        public static FakeOutcome Failed(string taskId) => new FakeOutcome(taskId, false, false);
        public static FakeOutcome Unsent(string taskId) => new FakeOutcome(taskId, false, true);
    }

    /// <summary>
    /// Work whose outcome for each id the test decides: at once (a success unless told otherwise), or later, by
    /// completing <see cref="Later"/>. Like the client, it sends nothing once the run's gate has stopped sending.
    /// A success writes the id itself; a failure's error holds the id as its target.
    /// </summary>
    internal sealed class FakeTaskIdWork : ITaskIdWork<FakeOutcome>
    {
        private RequestGate? _gate;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<FakeOutcome>> _later = new ConcurrentDictionary<string, TaskCompletionSource<FakeOutcome>>();

        /// <summary>The gate of the run this work was given to.</summary>
        public RequestGate Gate => _gate ?? throw new InvalidOperationException("No run has been given this work yet.");

        /// <summary>This work, sending through <paramref name="gate"/>: what a run calls as it begins.</summary>
        public FakeTaskIdWork Through(RequestGate gate)
        {
            _gate = gate;
            return this;
        }

        /// <summary>The ids sent, in the order they were sent.</summary>
        public ConcurrentQueue<string> Sent { get; } = new ConcurrentQueue<string>();

        /// <summary>What each id comes to when sent; null to wait for <see cref="Later"/>.</summary>
        public Func<string, FakeOutcome?> Answer { get; set; } = FakeOutcome.Done;

        public TaskIdRunWording Wording { get; } = new TaskIdRunWording("Stop batch inference task", "Stop batch inference tasks", "acted on");

        public bool ReportsProgress => true;

        /// <summary>The pending outcome of an id whose <see cref="Answer"/> was null.</summary>
        public TaskCompletionSource<FakeOutcome> Later(string taskId) => _later.GetOrAdd(taskId, _ => new TaskCompletionSource<FakeOutcome>());

        public Task<FakeOutcome> SendAsync(string taskId, CancellationToken cancellationToken)
        {
            if (Gate.Halted != null) return Task.FromResult(FakeOutcome.Unsent(taskId));
            Sent.Enqueue(taskId);
            var now = Answer(taskId);
            return now != null ? Task.FromResult(now) : Later(taskId).Task;
        }

        public void WriteSucceeded(FakeOutcome outcome, IRunHost host) => host.WriteObject(outcome.TaskId);

        public ErrorRecord ErrorFor(FakeOutcome outcome, string command) =>
            new ErrorRecord(new InvalidOperationException($"{outcome.TaskId} failed"), "Failed", ErrorCategory.NotSpecified, outcome.TaskId);
    }
}
