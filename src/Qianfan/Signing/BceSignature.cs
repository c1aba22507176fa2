namespace Qianfan.Signing
{
    /// <summary>Every intermediate of one bce-auth-v1 signature, so that each step can be checked against known answers.</summary>
    public sealed class BceSignature
    {
        internal BceSignature(string authStringPrefix, string signingKey, string canonicalUri, string canonicalQueryString,
            string canonicalHeaders, string signedHeaders, string signature)
        {
            AuthStringPrefix = authStringPrefix;
            SigningKey = signingKey;
            CanonicalUri = canonicalUri;
            CanonicalQueryString = canonicalQueryString;
            CanonicalHeaders = canonicalHeaders;
            SignedHeaders = signedHeaders;
            Signature = signature;
        }

        public string AuthStringPrefix { get; }

        /// <summary>Derived from the secret key: treat as secret.</summary>
        public string SigningKey { get; }

        public string CanonicalUri { get; }
        public string CanonicalQueryString { get; }
        public string CanonicalHeaders { get; }
        public string SignedHeaders { get; }

        /// <summary>Treat as secret.</summary>
        public string Signature { get; }

        public string CanonicalRequest(string method) =>
            method.ToUpperInvariant() + "\n" + CanonicalUri + "\n" + CanonicalQueryString + "\n" + CanonicalHeaders;

        /// <summary>The Authorization header value. Treat as secret.</summary>
        public string Authorization => AuthStringPrefix + "/" + SignedHeaders + "/" + Signature;
    }
}
