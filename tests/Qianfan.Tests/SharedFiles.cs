using System;
using System.IO;

namespace Qianfan.Tests
{
    /// <summary>Finds test data kept in the repository (tests/data), wherever the test assembly runs from.</summary>
    internal static class SharedFiles
    {
        public static string SharedDirectory
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Qianfan.psd1")))
                        return Path.Combine(dir.FullName, "tests", "data");
                }
                throw new DirectoryNotFoundException("Could not find the repository root (Qianfan.psd1) above " + AppContext.BaseDirectory);
            }
        }
    }
}
