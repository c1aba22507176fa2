using System;
using Qianfan.Client.Http;

namespace Qianfan.Connection
{
    /// <summary>A validated console endpoint: https anywhere, plain http only on loopback.</summary>
    internal sealed class QianfanEndpoint
    {
        public const string DefaultUrl = "https://qianfan.baidubce.com";

        private QianfanEndpoint(Uri baseUri)
        {
            BaseUri = baseUri;
            HostHeader = baseUri.IsDefaultPort ? baseUri.Host : baseUri.Host + ":" + baseUri.Port;
        }

        public Uri BaseUri { get; }

        /// <summary>The Host header exactly as it is sent, port included, because the signature covers it.</summary>
        public string HostHeader { get; }

        public static QianfanEndpoint Default { get; } = Parse(DefaultUrl);

        public override string ToString() => BaseUri.GetLeftPart(UriPartial.Authority);

        /// <exception cref="ArgumentException">The text is not an acceptable endpoint; the message says why and what to do.</exception>
        public static QianfanEndpoint Parse(string? text)
        {
            if (text == null || string.IsNullOrWhiteSpace(text))
                throw new ArgumentException("The endpoint is empty. Give an absolute URL such as " + DefaultUrl + ".");
            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
                throw new ArgumentException($"The endpoint '{UrlText.Masked(text)}' is not an absolute URL. Give one such as {DefaultUrl}.");
            return FromUri(uri);
        }

        public static QianfanEndpoint FromUri(Uri uri)
        {
            var shown = UrlText.Masked(uri);
            if (uri == null || !uri.IsAbsoluteUri)
                throw new ArgumentException($"The endpoint '{shown}' is not an absolute URL. Give one such as {DefaultUrl}.");
            if (!string.IsNullOrEmpty(uri.UserInfo))
                throw new ArgumentException($"The endpoint '{shown}' carries user information (user:password@), which is never sent; give keys with -Credential instead.");
            var scheme = uri.Scheme.ToLowerInvariant();
            if (scheme != "https" && scheme != "http")
                throw new ArgumentException($"The endpoint '{shown}' uses the scheme '{uri.Scheme}'; only https (or http on a loopback address) is supported.");
            if (scheme == "http" && !LoopbackHost.Is(uri))
                throw new ArgumentException(
                    $"The endpoint '{shown}' uses plain http to a host that is not loopback, which would send signed requests unencrypted. Use https, or http only to 127.0.0.1, ::1 or localhost.");
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || (uri.AbsolutePath != "/" && uri.AbsolutePath.Length > 0))
                throw new ArgumentException($"The endpoint '{shown}' must be a scheme, host and optional port only, without a path or query (for example {DefaultUrl}).");
            return new QianfanEndpoint(new Uri(uri.GetLeftPart(UriPartial.Authority)));
        }
    }
}
