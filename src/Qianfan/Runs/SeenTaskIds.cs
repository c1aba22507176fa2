using System.Collections.Generic;

namespace Qianfan.Runs
{
    /// <summary>
    /// Remembers which ids a run has taken, to act on each once. Keeps a 64-bit hash per id rather
    /// than the string, so a run of a million ids costs a few tens of megabytes at most.
    /// </summary>
    internal sealed class SeenTaskIds
    {
        private const ulong FnvOffset = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;
        private readonly HashSet<ulong> _seen = new HashSet<ulong>();

        /// <summary>True the first time an id is offered, false after.</summary>
        public bool Add(string taskId) => _seen.Add(Hash(taskId));

        public int Count => _seen.Count;

        private static ulong Hash(string text)
        {
            var hash = FnvOffset;
            foreach (var c in text)
            {
                hash = (hash ^ (byte)c) * FnvPrime;
                hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
            }
            return hash;
        }
    }
}
