using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Runs
{
    /// <summary>
    /// Runs items concurrently and hands their outcomes back strictly in the order they were
    /// submitted. Only a bounded window of items is pending at once, so memory follows the
    /// concurrency, not the length of the input. Not thread-safe: one caller (the pipeline thread)
    /// submits and takes.
    /// </summary>
    internal sealed class OrderedRun<TOutcome> : IDisposable where TOutcome : class
    {
        private readonly Func<string, CancellationToken, Task<TOutcome>> _work;
        private readonly Queue<Task<TOutcome>> _pending = new Queue<Task<TOutcome>>();
        private readonly CancellationTokenSource _cancellation;

        public OrderedRun(Func<string, CancellationToken, Task<TOutcome>> work, int window, CancellationToken cancellationToken = default)
        {
            if (window < 1) throw new ArgumentOutOfRangeException(nameof(window));
            _work = work ?? throw new ArgumentNullException(nameof(work));
            Window = window;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public int Window { get; }
        public int Pending => _pending.Count;
        public bool IsFull => _pending.Count >= Window;

        /// <summary>Starts the work for one item; its outcome comes out after every earlier one.</summary>
        public void Submit(string item)
        {
            _cancellation.Token.ThrowIfCancellationRequested();
            // Started here, on the caller's thread, so that items queue for their first request slot in
            // the order they were submitted; the head of the line must not wait behind later items.
            _pending.Enqueue(_work(item, _cancellation.Token));
        }

        /// <summary>Queues an outcome decided without any work (a bad id), so that it keeps its place in the order.</summary>
        public void SubmitDecided(TOutcome outcome) => _pending.Enqueue(Task.FromResult(outcome));

        /// <summary>The next outcome if it is ready within <paramref name="wait"/>; null otherwise (and when nothing is pending).</summary>
        /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
        public TOutcome? TakeNext(TimeSpan wait)
        {
            if (_pending.Count == 0) return null;
            var head = _pending.Peek();
            if (!head.IsCompleted && !head.Wait((int)Math.Min(int.MaxValue, Math.Max(0, wait.TotalMilliseconds)), _cancellation.Token)) return null;
            _pending.Dequeue();
            return head.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Hands every ready outcome to <paramref name="write"/>, in order. When <paramref name="drainAll"/> is set, or
        /// the window is full, it waits for the head of the line, calling <paramref name="whileWaiting"/> every
        /// <paramref name="wait"/> so that the caller can show progress meanwhile.
        /// </summary>
        /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
        public void Drain(bool drainAll, TimeSpan wait, Action<TOutcome> write, Action? whileWaiting = null)
        {
            while (_pending.Count > 0)
            {
                var mustWait = drainAll || IsFull;
                var outcome = TakeNext(mustWait ? wait : TimeSpan.Zero);
                if (outcome != null) write(outcome);
                else if (!mustWait) return;
                whileWaiting?.Invoke();
            }
        }

        public void Cancel()
        {
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
        }

        public void Dispose()
        {
            Cancel();
            _cancellation.Dispose();
        }
    }
}
