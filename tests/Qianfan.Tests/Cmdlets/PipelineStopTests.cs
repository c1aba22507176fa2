using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Cmdlets;
using Xunit;

namespace Qianfan.Tests.Cmdlets
{
    /// <summary>The pipeline stop every cmdlet that calls the service shares (Connect-Qianfan's key check among them).</summary>
    public class PipelineStopTests
    {
        [Fact]
        public void StoppingCancelsTheTokenAndAWaitOnItBecomesAPipelineStop()
        {
            using var stop = new PipelineStop();
            var pending = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => 1, stop.Token, TaskContinuationOptions.None, TaskScheduler.Default);

            stop.Stop();

            Assert.True(stop.Token.IsCancellationRequested);
            Assert.Throws<PipelineStoppedException>(() => PipelineStop.WaitFor(pending));
        }

        [Fact]
        public void AStopThatComesAfterTheCommandFinishedIsIgnored()
        {
            var stop = new PipelineStop();
            stop.Dispose();

            Assert.Null(Record.Exception(stop.Stop));
        }

        [Fact]
        public void AWaitThatEndsWellGivesItsResultAndOtherFailuresStayThemselves()
        {
            Assert.Equal(7, PipelineStop.WaitFor(Task.FromResult(7)));
            Assert.Throws<InvalidOperationException>(() => PipelineStop.WaitFor(Task.FromException<int>(new InvalidOperationException("no"))));
        }
    }
}
