using System;
using System.Net;

namespace Qianfan.Client.Http
{
    /// <summary>Whether a URL names this machine: localhost, 127.0.0.0/8 or ::1.</summary>
    internal static class LoopbackHost
    {
        public static bool Is(Uri uri)
        {
            if (uri == null || !uri.IsAbsoluteUri) return false;
            if (uri.IsLoopback) return true;
            return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
        }
    }
}
