using System;
using Qianfan.Connection;

namespace Qianfan.Client.Http
{
    /// <summary>Where a connection to the endpoint really goes, for messages: the proxy when one is used, else the endpoint.</summary>
    internal static class ConnectionRoute
    {
        /// <summary>"the proxy http://proxy:3128 on the way to https://host", or the endpoint alone; never a proxy password.</summary>
        public static string Describe(QianfanEndpoint endpoint)
        {
            var proxy = QianfanHttp.Proxy.ProxyFor(endpoint.BaseUri);
            return proxy == null ? endpoint.ToString() : $"the proxy {UrlText.Masked(proxy.GetLeftPart(UriPartial.Authority))} on the way to {endpoint}";
        }
    }
}
