using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// A cmdlet's pipeline stop (Ctrl+C, a downstream Select-Object -First) as a cancellation token that
    /// every request of the cmdlet passes, and waits that turn that cancellation into a pipeline stop.
    /// </summary>
    internal sealed class PipelineStop : IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        public CancellationToken Token => _stopping.Token;

        /// <summary>From StopProcessing, on another thread than the pipeline's; after Dispose it does nothing.</summary>
        public void Stop()
        {
            try
            {
                _stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
        }

        /// <summary>Waits for an async call on the pipeline thread; a cancelled wait becomes a pipeline stop.</summary>
        public static T WaitFor<T>(Task<T> pending)
        {
            try
            {
                return pending.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        public void Dispose() => _stopping.Dispose();
    }
}
