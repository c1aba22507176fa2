using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client.Http;
using Qianfan.Records;
using Qianfan.Runs;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>The work of Get-QianfanBatchTask given ids: a describe per id, and the task when it passes the filters and the -Skip/-First window.</summary>
    internal sealed class DescribeWork : ITaskIdWork<DescribeOutcome>
    {
        private readonly ConsoleClient _client;
        private readonly BatchTaskFilter _filter;
        private readonly PagingWindow _window;

        public DescribeWork(ConsoleClient client, BatchTaskFilter filter, PagingWindow window)
        {
            _client = client;
            _filter = filter;
            _window = window;
        }

        public TaskIdRunWording Wording { get; } = new TaskIdRunWording("Describe batch inference task", "Describing tasks", "described");

        // Describing changes nothing: no progress bar or closing summary, as before ids ran concurrently.
        public bool ReportsProgress => false;

        public Task<DescribeOutcome> SendAsync(string taskId, CancellationToken cancellationToken) =>
            BatchTaskReader.DescribeOutcomeAsync(_client, taskId, cancellationToken);

        public void WriteSucceeded(DescribeOutcome outcome, IRunHost host)
        {
            // Every successful describe carries its answer.
            foreach (var task in outcome.Answer!.Tasks)
            {
                var leftOut = _filter.WhyLeftOut(task);
                if (leftOut != null)
                {
                    if (host.VerboseEnabled) host.WriteVerbose($"Leaving out task '{outcome.TaskId}': {leftOut}.");
                }
                else if (_window.Admit()) host.WriteObject(task.ToPSObject());
            }
        }

        // Every failed describe carries its failure.
        public ErrorRecord ErrorFor(DescribeOutcome outcome, string command) =>
            ErrorRecordFactory.ForFailure(outcome.Failure!, outcome.TaskId, $"Describing task '{outcome.TaskId}' failed", command, outcome.TaskId);
    }
}
