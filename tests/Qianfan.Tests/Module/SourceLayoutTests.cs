using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Qianfan.Tests.Module
{
    /// <summary>
    /// The module's source layout: a reader finds a type by its namespace, because each file's
    /// namespace is its folder; and no file grows past what a reader takes in at once. (That time is
    /// read through one seam is ClockSeamTests' check.)
    /// </summary>
    public class SourceLayoutTests
    {
        private const int MaxLines = 300;

        private static readonly Regex NamespaceDeclaration = new Regex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline);

        private static string ModuleSource => Path.Combine(SharedFiles.RepositoryRoot, "src", "Qianfan");

        private static IEnumerable<string> ModuleFiles()
        {
            var root = Path.GetFullPath(ModuleSource);
            return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal);
        }

        private static string Read(string relative) => File.ReadAllText(Path.Combine(ModuleSource, relative));

        /// <summary>
        /// The namespace a file in <paramref name="relative"/> declares: its folder under Qianfan, except the
        /// public output types, which keep the root names scripts know them by.
        /// </summary>
        internal static string ExpectedNamespace(string relative)
        {
            var folder = Path.GetDirectoryName(relative)!.Replace('\\', '/');
            if (folder == "Output") return "Qianfan";
            return folder.Length == 0 ? "Qianfan" : "Qianfan." + folder.Replace('/', '.');
        }

        [Fact]
        public void TheModuleHasSourceFilesToCheck()
        {
            Assert.Contains("Cmdlets/StopQianfanBatchTaskCommand.cs", ModuleFiles());
        }

        [Fact]
        public void EveryModuleFilesNamespaceIsItsFolder()
        {
            var wrong = new List<string>();
            foreach (var file in ModuleFiles())
            {
                var declared = NamespaceDeclaration.Matches(Read(file)).Select(m => m.Groups[1].Value).ToList();
                // Stand-ins for compiler attributes netstandard2.0 lacks must sit in the framework's namespace.
                if (declared.Count == 1 && declared[0].StartsWith("System.", StringComparison.Ordinal)) continue;
                var expected = ExpectedNamespace(file);
                if (declared.Count != 1 || declared[0] != expected)
                    wrong.Add($"{file}: declares {string.Join(", ", declared)}; its folder says {expected}");
            }
            Assert.Empty(wrong);
        }

        [Theory]
        [InlineData("Runs/Gate/RequestGate.cs", "Qianfan.Runs.Gate")]
        [InlineData("Output/BatchTask.cs", "Qianfan")]
        [InlineData("IClock.cs", "Qianfan")]
        public void TheExpectedNamespaceFollowsTheFolder(string file, string expected)
        {
            Assert.Equal(expected, ExpectedNamespace(file));
        }

        [Fact]
        public void NoModuleFileIsLongerThanAReaderTakesInAtOnce()
        {
            var tooLong = ModuleFiles()
                .Select(f => (File: f, Lines: File.ReadAllLines(Path.Combine(ModuleSource, f)).Length))
                .Where(f => f.Lines > MaxLines)
                .Select(f => $"{f.File}: {f.Lines} lines");
            Assert.Empty(tooLong);
        }
    }
}
