using System;
using System.Net;
using System.Reflection;

namespace Qianfan.Client.Http
{
    /// <summary>
    /// The proxy the module's HttpClient uses: the process's own proxy (HTTP_PROXY and friends on
    /// PowerShell 7, the system settings on Windows PowerShell), except that a loopback address is
    /// always reached directly. A plain-http loopback endpoint (the emulator, a local test) must never
    /// have its signed request and security token carried in clear to a proxy.
    /// </summary>
    internal sealed class LoopbackBypassProxy : IWebProxy
    {
        private readonly Func<IWebProxy?> _inner;

        /// <param name="inner">Looked up on every request, so that a proxy set later in the session applies; may return null (no proxy).</param>
        public LoopbackBypassProxy(Func<IWebProxy?> inner)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        }

        /// <summary>The process's proxy, as an HttpClientHandler left to its default would use it.</summary>
        public static LoopbackBypassProxy Default { get; } = new LoopbackBypassProxy(ProcessDefaultProxy());

        public ICredentials? Credentials
        {
            get => _inner()?.Credentials;
            set
            {
                var inner = _inner();
                if (inner != null) inner.Credentials = value;
            }
        }

        public bool IsBypassed(Uri host)
        {
            if (LoopbackHost.Is(host)) return true;
            var inner = _inner();
            return inner == null || inner.IsBypassed(host);
        }

        /// <summary>The proxy for <paramref name="destination"/>; the destination itself when it is reached directly (the IWebProxy convention).</summary>
        public Uri GetProxy(Uri destination)
        {
            if (IsBypassed(destination)) return destination;
            return _inner()?.GetProxy(destination) ?? destination;
        }

        /// <summary>The proxy a request to <paramref name="destination"/> goes through, or null when it goes directly.</summary>
        public Uri? ProxyFor(Uri destination)
        {
            var proxy = GetProxy(destination);
            return proxy == null || proxy == destination ? null : proxy;
        }

        /// <summary>
        /// HttpClient.DefaultProxy where it exists (.NET Core 3 and later: what a handler with no
        /// proxy of its own uses, read from the environment); WebRequest.DefaultWebProxy on .NET
        /// Framework, where HttpClientHandler uses that one. Neither bypasses loopback by itself on
        /// .NET: HTTP_PROXY applies to http://127.0.0.1 unless NO_PROXY says otherwise.
        /// </summary>
        private static Func<IWebProxy?> ProcessDefaultProxy()
        {
            var property = typeof(System.Net.Http.HttpClient).GetTypeInfo().GetDeclaredProperty("DefaultProxy");
            if (property?.GetMethod != null && property.GetMethod.IsStatic)
                return () => (IWebProxy?)property.GetValue(null);
            return () => WebRequest.DefaultWebProxy;
        }
    }
}
