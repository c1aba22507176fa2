using System;
using System.IO;
using System.Management.Automation;

namespace Qianfan
{
    /// <summary>
    /// At import: refuses a PowerShell the module cannot run on (<see cref="PowerShellHost"/>), and on
    /// Windows PowerShell points the assembly loader at the module's own dependencies and adds TLS 1.2
    /// to the protocols offered (<see cref="DesktopTls"/>). PowerShell 7 finds the dependencies by itself
    /// and offers what the operating system supports, so there the process is left alone. The resolver,
    /// once hooked, stays for the process's life: the assemblies cannot be unloaded on .NET Framework,
    /// and other runspaces may still use the module after Remove-Module in one.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new object();
        private static ModuleDependencyResolver? _resolver;

        public void OnImport()
        {
            var host = PowerShellHost.Current;
            Import(host, FolderOf(typeof(ModuleInitializer).Assembly.Location));
            DesktopTls.Apply(host);
        }

        /// <summary>
        /// The folder of the module's assembly, or null when it was loaded from bytes and has no file
        /// (Location is then empty, which Path.GetDirectoryName refuses on .NET Framework).
        /// </summary>
        internal static string? FolderOf(string assemblyLocation) =>
            string.IsNullOrEmpty(assemblyLocation) ? null : Path.GetDirectoryName(assemblyLocation);

        /// <summary>Checks the host and hooks the resolver where it is needed; returns the resolver hooked, if any.</summary>
        /// <exception cref="PlatformNotSupportedException">The module cannot run on this PowerShell.</exception>
        /// <param name="moduleDirectory">Where the module's dependencies are; null when unknown, and then the host's own loading has to find them.</param>
        internal static ModuleDependencyResolver? Import(PowerShellHost host, string? moduleDirectory)
        {
            var unsupported = host.Unsupported;
            if (unsupported != null) throw new PlatformNotSupportedException(unsupported);
            if (!host.IsDesktop || moduleDirectory == null) return null;
            lock (Gate)
            {
                if (_resolver == null)
                {
                    _resolver = new ModuleDependencyResolver(moduleDirectory);
                    AppDomain.CurrentDomain.AssemblyResolve += _resolver.Resolve;
                }
                return _resolver;
            }
        }
    }
}
