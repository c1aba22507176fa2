using System;
using System.Net;
using System.Net.Http;
using System.Reflection;

namespace Qianfan.Client.Http
{
    /// <summary>The one HttpClient of the process: connections are pooled and reused across cmdlet calls.</summary>
    internal static class QianfanHttp
    {
        private static readonly Lazy<HttpClient> SharedClient = new Lazy<HttpClient>(Create);

        public static HttpClient Shared => SharedClient.Value;

        /// <summary>The proxy the shared client uses: the process's, but never for loopback.</summary>
        public static LoopbackBypassProxy Proxy => LoopbackBypassProxy.Default;

        public static string ModuleVersion { get; } =
            typeof(QianfanHttp).GetTypeInfo().Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        public static string UserAgent { get; } = "Qianfan-PowerShell/" + ModuleVersion;

        private static HttpClient Create()
        {
            var handler = new HttpClientHandler
            {
                // A signed request must never be replayed to another host.
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = true,
                Proxy = Proxy,
                AutomaticDecompression = DecompressionMethods.None,
            };
            try
            {
                handler.MaxConnectionsPerServer = 128;
            }
            catch (PlatformNotSupportedException)
            {
                // Windows PowerShell's handler has no per-handler limit; the ServicePoint limit applies instead.
                ServicePointManager.DefaultConnectionLimit = Math.Max(ServicePointManager.DefaultConnectionLimit, 128);
            }
            return Over(handler);
        }

        /// <summary>The shared client's settings over <paramref name="handler"/>.</summary>
        internal static HttpClient Over(HttpMessageHandler handler)
        {
            var client = new HttpClient(handler, disposeHandler: true)
            {
                // Each attempt carries its own time limit (TimeoutSec); the client-wide one would cut across retries.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
            // .NET Framework's handler sends "Expect: 100-continue" with every POST unless the request says
            // false: a round trip more per request, and a 350 ms stall where a gateway withholds the 100.
            // The request's ExpectContinue is copied from these defaults, and the handler sets it on the ServicePoint.
            client.DefaultRequestHeaders.ExpectContinue = false;
            return client;
        }
    }
}
