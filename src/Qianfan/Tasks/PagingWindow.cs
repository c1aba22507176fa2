namespace Qianfan.Tasks
{
    /// <summary>
    /// -Skip and -First over a stream of matching items: says of each item whether to write it, and
    /// when no further item will be written, so that the caller can stop reading pages.
    /// </summary>
    internal sealed class PagingWindow
    {
        private readonly ulong _skip;
        private readonly ulong _first;

        /// <param name="skip">How many matching items to leave out first.</param>
        /// <param name="first">How many to write after those (ulong.MaxValue: all).</param>
        public PagingWindow(ulong skip = 0, ulong first = ulong.MaxValue)
        {
            _skip = skip;
            _first = first;
        }

        /// <summary>Every item offered so far, written or not: the total count once the stream has ended.</summary>
        public ulong Offered { get; private set; }

        public ulong Written { get; private set; }

        /// <summary>True once -First items have been written: nothing more will be.</summary>
        public bool IsFull => Written >= _first;

        /// <summary>Counts a matching item and says whether it is to be written.</summary>
        public bool Admit()
        {
            Offered++;
            if (Offered <= _skip || IsFull) return false;
            Written++;
            return true;
        }
    }
}
