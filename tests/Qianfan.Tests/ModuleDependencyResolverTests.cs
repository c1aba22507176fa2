using System;
using System.IO;
using Xunit;

namespace Qianfan.Tests
{
    public sealed class ModuleDependencyResolverTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("qianfan-module-").FullName;
        private readonly string _shipped;

        public ModuleDependencyResolverTests()
        {
            _shipped = Path.Combine(_folder, "Qianfan.dll");
            File.Copy(typeof(ModuleInitializer).Assembly.Location, _shipped);
            File.WriteAllText(Path.Combine(_folder, "native-helper.dll"), "not a .NET assembly");
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static string Qianfan(string version, string token = "null") => $"Qianfan, Version={version}, Culture=neutral, PublicKeyToken={token}";

        /// <summary>A request made by the module's own assembly, as Windows PowerShell's loader reports it.</summary>
        private string FromModule => _shipped;

        [Fact]
        public void AnAssemblyShippedInTheFolderIsFoundThereAtItsVersionOrAnOlderOne()
        {
            var resolver = new ModuleDependencyResolver(_folder);
            var version = typeof(ModuleInitializer).Assembly.GetName().Version;
            Assert.NotNull(version);

            Assert.Equal(_shipped, resolver.PathFor(Qianfan(version.ToString()), FromModule));
            Assert.Equal(_shipped, resolver.PathFor(Qianfan("0.0.1.0"), FromModule));
            Assert.Equal(_shipped, resolver.PathFor("qianfan", FromModule));
            Assert.Equal(_shipped, resolver.PathFor("qianfan", Path.Combine(_folder + Path.DirectorySeparatorChar, "System.Text.Json.dll")));
        }

        [Fact]
        public void ANewerVersionThanTheOneShippedIsLeftToOthers()
        {
            Assert.Null(new ModuleDependencyResolver(_folder).PathFor(Qianfan("99.0.0.0"), FromModule));
        }

        [Theory]
        [InlineData("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed")]
        [InlineData("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
        [InlineData("native-helper")]
        public void AnAssemblyNotShippedInTheFolderIsLeftToOthers(string name)
        {
            Assert.Null(new ModuleDependencyResolver(_folder).PathFor(name, FromModule));
        }

        [Fact]
        public void ARequestWithAnotherPublicKeyTokenIsLeftToOthers()
        {
            var resolver = new ModuleDependencyResolver(_folder);

            Assert.Null(resolver.PathFor(Qianfan("0.0.1.0", "30ad4fe6b2a6aeed"), FromModule));
            Assert.Equal(_shipped, resolver.PathFor(Qianfan("0.0.1.0", "null"), FromModule));
        }

        [Theory]
        [InlineData("elsewhere")]
        [InlineData("unknown")]
        [InlineData("dynamic")]
        public void ARequestFromAnotherModulesAssemblyIsLeftToOthersEvenForANameShippedHere(string requester)
        {
            var location = requester switch
            {
                "elsewhere" => Path.Combine(Path.GetTempPath(), "OtherModule", "Other.dll"),
                "unknown" => null,
                _ => string.Empty, // an assembly with no file: dynamic, or loaded from bytes
            };

            Assert.Null(new ModuleDependencyResolver(_folder).PathFor(Qianfan("0.0.1.0"), location));
        }
    }
}
