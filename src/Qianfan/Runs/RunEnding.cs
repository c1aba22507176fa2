using System.Collections.Generic;

namespace Qianfan.Runs
{
    /// <summary>
    /// What the ids still in flight came to once a failure under -ErrorAction Stop ended the run: how many
    /// were written, which failed, and every id not done, in input order, for the error that ends it.
    /// </summary>
    internal sealed class RunEnding
    {
        private readonly List<string> _failedIds = new List<string>();
        private readonly List<object?> _notDone;

        /// <param name="notAttemptedBefore">The ids already known not attempted, which come first.</param>
        /// <param name="failedFirst">The target of the failure that ended the run.</param>
        public RunEnding(IEnumerable<string> notAttemptedBefore, object? failedFirst)
        {
            _notDone = new List<object?>(notAttemptedBefore) { failedFirst };
        }

        public int Written { get; private set; }
        public IReadOnlyList<string> FailedIds => _failedIds;
        public IReadOnlyList<object?> NotDone => _notDone;

        public void Succeeded() => Written++;

        public void Failed(string taskId)
        {
            _failedIds.Add(taskId);
            _notDone.Add(taskId);
        }

        public void NotAttempted(string taskId) => _notDone.Add(taskId);

        public void NotRead(IEnumerable<string> taskIds) => _notDone.AddRange(taskIds);
    }
}
