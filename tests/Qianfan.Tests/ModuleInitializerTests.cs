using System;
using System.IO;
using Xunit;

namespace Qianfan.Tests
{
    /// <summary>Which PowerShell the module accepts at import, and where it touches assembly loading.</summary>
    public class ModuleInitializerTests
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ??
                                                          throw new InvalidOperationException("The module assembly has no folder.");

        [Theory]
        [InlineData(true, "5.1")]
        [InlineData(false, "7.4")]
        [InlineData(false, "7.6")]
        [InlineData(false, "8.0")]
        public void WindowsPowerShellAndPowerShell74OrLaterAreSupported(bool isDesktop, string version)
        {
            Assert.Null(new PowerShellHost(isDesktop, Version.Parse(version)).Unsupported);
        }

        [Theory]
        [InlineData("7.0")]
        [InlineData("7.1")]
        [InlineData("7.2")]
        [InlineData("7.3")]
        public void PowerShell70To73IsRefusedSayingWhyAndWhatToUse(string version)
        {
            var reason = new PowerShellHost(false, Version.Parse(version)).Unsupported;

            Assert.NotNull(reason);
            Assert.Contains("not on PowerShell " + version, reason);
            Assert.Contains("System.Text.Json", reason);
            Assert.Contains("Install PowerShell 7.4 or later", reason);
            Assert.Contains("Windows PowerShell 5.1", reason);
        }

        [Fact]
        public void ThisProcessIsPowerShell7OnDotNetAndSupported()
        {
            var host = PowerShellHost.Current;

            Assert.False(host.IsDesktop);
            Assert.True(host.Version >= new Version(7, 6), host.Version.ToString());
            Assert.Null(host.Unsupported);
        }

        [Fact]
        public void ImportOnAnUnsupportedPowerShellFailsWithTheReason()
        {
            var host = new PowerShellHost(false, new Version(7, 3, 0, 0));

            var refusal = Assert.Throws<PlatformNotSupportedException>(() => ModuleInitializer.Import(host, ModuleDirectory));

            Assert.Equal(host.Unsupported, refusal.Message);
        }

        [Fact]
        public void AnAssemblyLoadedFromBytesHasNoFolderAndImportOnWindowsPowerShellThenHooksNothing()
        {
            Assert.Null(ModuleInitializer.FolderOf(""));
            Assert.Equal(ModuleDirectory, ModuleInitializer.FolderOf(typeof(ModuleInitializer).Assembly.Location));
            Assert.Null(ModuleInitializer.Import(new PowerShellHost(true, new Version(5, 1)), moduleDirectory: null));
        }

        [Fact]
        public void ImportOnPowerShell7HooksNothing()
        {
            Assert.Null(ModuleInitializer.Import(new PowerShellHost(false, new Version(7, 6)), ModuleDirectory));
        }

        [Fact]
        public void ImportOnWindowsPowerShellHooksTheModuleFolderResolverOnceForTheProcess()
        {
            var desktop = new PowerShellHost(true, new Version(5, 1));

            var first = ModuleInitializer.Import(desktop, ModuleDirectory);

            Assert.NotNull(first);
            Assert.Same(first, ModuleInitializer.Import(desktop, ModuleDirectory));
            var module = typeof(ModuleInitializer).Assembly;
            Assert.Equal(module.Location, first.PathFor(module.GetName().FullName, module.Location));
        }

        [Fact]
        public void RemoveModuleNeverUnhooksTheResolverThatOtherRunspacesStillUse()
        {
            // PowerShell calls OnRemove only on an IModuleAssemblyCleanup: without it nothing is unhooked.
            Assert.False(typeof(System.Management.Automation.IModuleAssemblyCleanup).IsAssignableFrom(typeof(ModuleInitializer)));
        }
    }
}
