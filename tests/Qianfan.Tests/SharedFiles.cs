using System;
using System.IO;

namespace Qianfan.Tests
{
    /// <summary>Finds the reference material that lives beside the repository root (../shared).</summary>
    internal static class SharedFiles
    {
        public static string SharedDirectory
        {
            get
            {
                var fromEnvironment = Environment.GetEnvironmentVariable("QIANFAN_SHARED_DIR");
                if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Qianfan.psd1")))
                        return Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                }
                throw new DirectoryNotFoundException("Could not find the repository root (Qianfan.psd1) above " + AppContext.BaseDirectory);
            }
        }
    }
}
