using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Qianfan
{
    /// <summary>
    /// Windows PowerShell looks for an assembly in the GAC and beside powershell.exe, not in a
    /// module's folder. This finds the module's own dependencies there, and nothing else: only the
    /// DLLs shipped in the folder, and only when the version asked for is not newer than the one shipped,
    /// so another module's request is never answered with a different assembly than it asked for.
    /// </summary>
    internal sealed class ModuleDependencyResolver
    {
        private readonly Dictionary<string, (string Path, Version Version)> _shipped =
            new Dictionary<string, (string Path, Version Version)>(StringComparer.OrdinalIgnoreCase);

        public ModuleDependencyResolver(string moduleDirectory)
        {
            foreach (var path in Directory.GetFiles(moduleDirectory, "*.dll"))
            {
                AssemblyName name;
                try { name = AssemblyName.GetAssemblyName(path); }
                catch (BadImageFormatException) { continue; }
                _shipped[name.Name] = (path, name.Version);
            }
        }

        /// <summary>The shipped file that satisfies <paramref name="assemblyName"/>; null when the module ships none.</summary>
        public string? PathFor(string assemblyName)
        {
            var wanted = new AssemblyName(assemblyName);
            if (!_shipped.TryGetValue(wanted.Name, out var shipped)) return null;
            return wanted.Version == null || wanted.Version <= shipped.Version ? shipped.Path : null;
        }

        public Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var path = PathFor(args.Name);
            return path == null ? null : Assembly.LoadFrom(path);
        }
    }
}
