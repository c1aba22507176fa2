using Qianfan.Client;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// Counts calls in a row that ended in the same run-wide failure (<see cref="RunWideFailures"/>);
    /// at <see cref="Threshold"/> it trips, for good. Any other ending, success or a per-id failure,
    /// starts the count again, so a permission refused on some tasks only does not end a run.
    /// </summary>
    internal sealed class RunBreaker
    {
        public const int Threshold = 3;

        private readonly object _lock = new object();
        private string? _failureName;
        private int _count;
        private RunHaltedException? _tripped;


        /// <returns>The halt, the first time the breaker trips; null otherwise.</returns>
        public RunHaltedException? Record(QianfanServiceException? failure)
        {
            var name = RunWideFailures.KeyOf(failure);
            lock (_lock)
            {
                if (_tripped != null) return null;
                if (name == null)
                {
                    _failureName = null;
                    _count = 0;
                    return null;
                }
                _count = name == _failureName ? _count + 1 : 1;
                _failureName = name;
                if (_count < Threshold) return null;
                _tripped = new RunHaltedException(name, _count, failure);
                return _tripped;
            }
        }
    }
}
