using System;
using System.IO;

namespace Qianfan.Tests
{
    /// <summary>Finds test data kept in the repository (tests/data), wherever the test assembly runs from.</summary>
    internal static class SharedFiles
    {
        public static string SharedDirectory => Path.Combine(RepositoryRoot, "tests", "data");

        /// <summary>The folder that holds Qianfan.psd1, above wherever the test assembly runs from.</summary>
        public static string RepositoryRoot
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Qianfan.psd1"))) return dir.FullName;
                }
                throw new DirectoryNotFoundException("Could not find the repository root (Qianfan.psd1) above " + AppContext.BaseDirectory);
            }
        }
    }
}
