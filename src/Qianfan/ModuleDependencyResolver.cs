using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Qianfan
{
    /// <summary>
    /// Windows PowerShell looks for an assembly in the GAC and beside powershell.exe, not in a
    /// module's folder. This finds the module's own dependencies there, and nothing else: it answers
    /// only requests made by an assembly loaded from the module's folder, only with a DLL shipped there
    /// with the same public key token, and only when the version asked for is not newer than the one
    /// shipped. Another module's request is left to its own resolver, even for a name the module ships.
    /// </summary>
    internal sealed class ModuleDependencyResolver
    {
        private readonly string _moduleDirectory;
        private readonly Dictionary<string, (string Path, Version Version, string Token)> _shipped =
            new Dictionary<string, (string Path, Version Version, string Token)>(StringComparer.OrdinalIgnoreCase);

        public ModuleDependencyResolver(string moduleDirectory)
        {
            _moduleDirectory = Normalized(moduleDirectory);
            foreach (var path in Directory.GetFiles(moduleDirectory, "*.dll"))
            {
                AssemblyName name;
                try { name = AssemblyName.GetAssemblyName(path); }
                catch (BadImageFormatException) { continue; }
                _shipped[name.Name] = (path, name.Version, TokenOf(name));
            }
        }

        /// <summary>
        /// The shipped file that satisfies <paramref name="assemblyName"/> when the assembly at
        /// <paramref name="requesterLocation"/> asks for it; null when the module ships none, or the
        /// requester is not one of the module's own assemblies (or is unknown).
        /// </summary>
        public string? PathFor(string assemblyName, string? requesterLocation)
        {
            if (!IsModuleAssembly(requesterLocation)) return null;
            var wanted = new AssemblyName(assemblyName);
            if (!_shipped.TryGetValue(wanted.Name, out var shipped)) return null;
            if (!string.Equals(TokenOf(wanted), shipped.Token, StringComparison.OrdinalIgnoreCase)) return null;
            return wanted.Version == null || wanted.Version <= shipped.Version ? shipped.Path : null;
        }

        public Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var requester = args.RequestingAssembly;
            var path = PathFor(args.Name, requester == null || requester.IsDynamic ? null : requester.Location);
            return path == null ? null : Assembly.LoadFrom(path);
        }

        private bool IsModuleAssembly(string? location)
        {
            if (string.IsNullOrEmpty(location)) return false;
            var folder = Path.GetDirectoryName(location);
            return folder != null && string.Equals(Normalized(folder), _moduleDirectory, StringComparison.OrdinalIgnoreCase);
        }

        private static string Normalized(string folder) =>
            Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

        /// <summary>The public key token in hex; empty for an unsigned assembly and for a name that states none.</summary>
        private static string TokenOf(AssemblyName name)
        {
            var token = name.GetPublicKeyToken();
            return token == null ? string.Empty : BitConverter.ToString(token).Replace("-", string.Empty);
        }
    }
}
