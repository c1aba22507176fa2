using System;
using System.Management.Automation;

namespace Qianfan
{
    /// <summary>
    /// The PowerShell the module is imported into, and whether the module can run there: Windows
    /// PowerShell 5.1, or PowerShell 7.4 and later. PowerShell 7.0-7.3 load their own System.Text.Json
    /// (4.7 to 7.0) before any module, and the copy the module is built with (8.0) cannot load beside it.
    /// </summary>
    internal sealed class PowerShellHost
    {
        public static readonly Version FirstSupportedCore = new Version(7, 4);

        public PowerShellHost(bool isDesktop, Version version)
        {
            IsDesktop = isDesktop;
            Version = version ?? throw new ArgumentNullException(nameof(version));
        }

        /// <summary>Windows PowerShell on the .NET Framework, which needs help to find the module's dependencies.</summary>
        public bool IsDesktop { get; }

        /// <summary>The PowerShell version (on Windows PowerShell, the version of its engine assembly).</summary>
        public Version Version { get; }

        /// <summary>This process: the .NET Framework's core library is mscorlib; PowerShell 7's engine assembly carries its version.</summary>
        public static PowerShellHost Current =>
            new PowerShellHost(typeof(object).Assembly.GetName().Name == "mscorlib", typeof(PSObject).Assembly.GetName().Version);

        /// <summary>Why the module cannot run here and what to do instead; null when it can.</summary>
        public string? Unsupported
        {
            get
            {
                if (IsDesktop || Version >= FirstSupportedCore) return null;
                return $"The Qianfan module runs on Windows PowerShell 5.1 and on PowerShell {FirstSupportedCore} or later, not on PowerShell {Version.Major}.{Version.Minor}: " +
                       "PowerShell 7.0 to 7.3 hold an older System.Text.Json than the one the module needs, and the two cannot be loaded together. " +
                       $"Install PowerShell {FirstSupportedCore} or later (or use Windows PowerShell 5.1) and import the module there.";
            }
        }
    }
}
