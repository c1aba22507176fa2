namespace Qianfan.Signing
{
    /// <summary>Every intermediate of one bce-auth-v1 signature, so that each step can be checked against known answers.</summary>
    /// <param name="SigningKey">Derived from the secret key: treat as secret.</param>
    /// <param name="Signature">Treat as secret.</param>
    internal sealed record BceSignature(string AuthStringPrefix, string SigningKey, string CanonicalUri, string CanonicalQueryString,
        string CanonicalHeaders, string SignedHeaders, string Signature)
    {
        public string CanonicalRequest(string method) =>
            method.ToUpperInvariant() + "\n" + CanonicalUri + "\n" + CanonicalQueryString + "\n" + CanonicalHeaders;

        /// <summary>The Authorization header value. Treat as secret.</summary>
        public string Authorization => AuthStringPrefix + "/" + SignedHeaders + "/" + Signature;

        // The generated record text would hold the signing key and the signature: keep them out of any message or log.
        public override string ToString() => nameof(BceSignature);
    }
}
