using System.Net;

namespace Qianfan
{
    /// <summary>
    /// The TLS versions Windows PowerShell offers. powershell.exe does not target .NET Framework 4.7, so
    /// unless the machine has the strong-crypto registry settings its processes offer SSL 3 and TLS 1.0
    /// only, and a service that requires TLS 1.2 refuses every request. At import the module adds TLS 1.2,
    /// and TLS 1.3 where the framework knows it (4.8 and later), to what the process offers.
    /// </summary>
    internal static class DesktopTls
    {
        /// <summary>SecurityProtocolType.SystemDefault (.NET Framework 4.7 and later): the operating system chooses.</summary>
        private const SecurityProtocolType SystemDefault = 0;

        /// <summary>SecurityProtocolType.Tls13, which .NET Framework has from 4.8 on.</summary>
        private const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;

        /// <summary>Whether this framework's enum names TLS 1.3.</summary>
        public static bool FrameworkKnowsTls13 => System.Enum.IsDefined(typeof(SecurityProtocolType), Tls13);

        /// <summary>
        /// The protocols the process should offer, given those it offers now. Adds, never removes; leaves
        /// PowerShell 7 alone (its runtime asks the operating system), and leaves a process set to
        /// SystemDefault alone too (the operating system then offers what it supports, TLS 1.2 included).
        /// </summary>
        public static SecurityProtocolType Offered(SecurityProtocolType current, bool isDesktop, bool frameworkKnowsTls13)
        {
            if (!isDesktop || current == SystemDefault) return current;
            var offered = current | SecurityProtocolType.Tls12;
            return frameworkKnowsTls13 ? offered | Tls13 : offered;
        }

        /// <summary>Adds to the process's protocols what <see cref="Offered"/> says; on PowerShell 7, touches nothing.</summary>
        public static void Apply(PowerShellHost host)
        {
            if (!host.IsDesktop) return;
            var current = ServicePointManager.SecurityProtocol;
            var offered = Offered(current, host.IsDesktop, FrameworkKnowsTls13);
            if (offered != current) ServicePointManager.SecurityProtocol = offered;
        }
    }
}
