namespace Qianfan.Client
{
    /// <summary>The keys and endpoint set by Connect-Qianfan, used by every cmdlet that is not given its own.</summary>
    public static class QianfanSession
    {
        private static readonly object Lock = new object();
        private static QianfanCredential _credential;
        private static QianfanEndpoint _endpoint;

        public static QianfanCredential Credential
        {
            get { lock (Lock) return _credential; }
        }

        public static QianfanEndpoint Endpoint
        {
            get { lock (Lock) return _endpoint; }
        }

        public static void Connect(QianfanCredential credential, QianfanEndpoint endpoint)
        {
            lock (Lock)
            {
                _credential = credential;
                _endpoint = endpoint;
            }
        }

        public static void Disconnect()
        {
            lock (Lock)
            {
                _credential = null;
                _endpoint = null;
            }
        }
    }
}
