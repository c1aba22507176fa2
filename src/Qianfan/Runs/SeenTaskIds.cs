using System.Collections.Generic;

namespace Qianfan.Runs
{
    /// <summary>
    /// Remembers which ids a run has taken, to act on each once, exactly: no two different ids are ever
    /// taken for one. An id of the vendor's shape (<c>infer-</c> and up to twelve lower-case letters or
    /// digits, as <c>infer-9ia3kc1wt9mp</c> in the vendor's pages) is kept as one 64-bit number that
    /// encodes it without loss, so a run of a million such ids costs a few tens of megabytes at most;
    /// any other id is kept as its string.
    /// </summary>
    internal sealed class SeenTaskIds
    {
        private const string VendorPrefix = "infer-";
        private const int MaxCompactLength = 12;

        // Base 37: 0 marks "no character", so "infer-a" and "infer-a0" stay apart. 37^12 < 2^63.
        private const ulong Radix = 37;

        private readonly HashSet<ulong> _compact = new HashSet<ulong>();
        private readonly HashSet<string> _other = new HashSet<string>(System.StringComparer.Ordinal);

        /// <summary>True the first time an id is offered, false after.</summary>
        public bool Add(string taskId) =>
            TryEncode(taskId, out var code) ? _compact.Add(code) : _other.Add(taskId);

        public int Count => _compact.Count + _other.Count;

        /// <summary>The lossless number for an id of the vendor's shape; false for any other id.</summary>
        internal static bool TryEncode(string taskId, out ulong code)
        {
            code = 0;
            var suffixLength = taskId.Length - VendorPrefix.Length;
            if (suffixLength < 1 || suffixLength > MaxCompactLength ||
                !taskId.StartsWith(VendorPrefix, System.StringComparison.Ordinal))
                return false;
            for (var i = 0; i < MaxCompactLength; i++)
            {
                ulong digit = 0;
                if (i < suffixLength)
                {
                    var c = taskId[VendorPrefix.Length + i];
                    if (c >= '0' && c <= '9') digit = (ulong)(c - '0') + 1;
                    else if (c >= 'a' && c <= 'z') digit = (ulong)(c - 'a') + 11;
                    else return false;
                }
                code = code * Radix + digit;
            }
            return true;
        }
    }
}
