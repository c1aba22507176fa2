namespace Qianfan.Connection
{
    /// <summary>
    /// The keys and endpoint set by Connect-Qianfan, used by every cmdlet that is not given its own.
    /// The session owns its credential: replacing or forgetting it disposes it, so its secret key and
    /// token are zeroed then rather than whenever the garbage collector gets to them.
    /// </summary>
    internal static class QianfanSession
    {
        private static readonly object Lock = new object();
        private static QianfanCredential? _credential;
        private static QianfanEndpoint? _endpoint;

        public static QianfanCredential? Credential
        {
            get { lock (Lock) return _credential; }
        }

        public static QianfanEndpoint? Endpoint
        {
            get { lock (Lock) return _endpoint; }
        }

        public static void Connect(QianfanCredential credential, QianfanEndpoint? endpoint)
        {
            QianfanCredential? replaced;
            lock (Lock)
            {
                replaced = _credential;
                _credential = credential;
                _endpoint = endpoint;
            }
            if (!ReferenceEquals(replaced, credential)) replaced?.Dispose();
        }

        public static void Disconnect()
        {
            QianfanCredential? forgotten;
            lock (Lock)
            {
                forgotten = _credential;
                _credential = null;
                _endpoint = null;
            }
            forgotten?.Dispose();
        }
    }
}
