namespace Qianfan.Client
{
    /// <summary>Why no answer came, for a failure of kind Connection.</summary>
    public enum ConnectionProblem
    {
        None,
        /// <summary>Nothing listened at the endpoint's address and port.</summary>
        Refused,
        /// <summary>The endpoint's host name did not resolve.</summary>
        NameNotResolved,
        /// <summary>The TLS handshake failed (certificate, protocol).</summary>
        SecureChannel,
        /// <summary>The connection broke before an answer came; the request may have been carried out.</summary>
        Broken,
    }
}
