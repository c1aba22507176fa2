using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Qianfan
{
    /// <summary>
    /// Windows PowerShell 5.1 has no System.Text.Json (or its helpers) of its own and does not
    /// look in a module's folder for them: point it there. PowerShell 7 never needs this.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;

        public void OnRemove(PSModuleInfo module) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleDirectory;

        private static Assembly ResolveFromModuleDirectory(object sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            var candidate = Path.Combine(ModuleDirectory, name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
    }
}
