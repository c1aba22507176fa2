using System.Net;
using Xunit;

namespace Qianfan.Tests
{
    /// <summary>The TLS versions offered after import: TLS 1.2 (and 1.3 where known) added on Windows PowerShell only, nothing ever removed.</summary>
    public class DesktopTlsTests
    {
        // By value: the names of the old versions are refused by the analyzers (CA5364), rightly outside a test.
        private const SecurityProtocolType Tls10 = (SecurityProtocolType)192;
        private const SecurityProtocolType Tls11 = (SecurityProtocolType)768;
        private const SecurityProtocolType Ssl3AndTls10 = (SecurityProtocolType)48 | Tls10; // powershell.exe's default
        private const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;

        [Fact]
        public void WindowsPowerShellsDefaultOfSsl3AndTls10GainsTls12AndKeepsWhatItHad()
        {
            Assert.Equal(Ssl3AndTls10 | SecurityProtocolType.Tls12, DesktopTls.Offered(Ssl3AndTls10, isDesktop: true, frameworkKnowsTls13: false));
        }

        [Fact]
        public void Tls13IsAddedOnlyWhereTheFrameworkKnowsIt()
        {
            Assert.Equal(Ssl3AndTls10 | SecurityProtocolType.Tls12 | Tls13, DesktopTls.Offered(Ssl3AndTls10, isDesktop: true, frameworkKnowsTls13: true));
        }

        [Theory]
        [InlineData(Tls11)]
        [InlineData(SecurityProtocolType.Tls12)]
        [InlineData(Tls10 | Tls11 | SecurityProtocolType.Tls12)]
        public void NothingTheProcessOffersIsEverRemoved(SecurityProtocolType current)
        {
            var offered = DesktopTls.Offered(current, isDesktop: true, frameworkKnowsTls13: true);

            Assert.Equal(current, offered & current);
            Assert.True(offered.HasFlag(SecurityProtocolType.Tls12));
        }

        [Fact]
        public void AProcessLeftToTheOperatingSystemsChoiceIsLeftAlone()
        {
            Assert.Equal((SecurityProtocolType)0, DesktopTls.Offered(0, isDesktop: true, frameworkKnowsTls13: true));
        }

        [Theory]
        [InlineData(Tls10)]
        [InlineData((SecurityProtocolType)0)]
        [InlineData(SecurityProtocolType.Tls12 | Tls13)]
        public void PowerShell7IsNeverTouched(SecurityProtocolType current)
        {
            Assert.Equal(current, DesktopTls.Offered(current, isDesktop: false, frameworkKnowsTls13: true));
        }
    }
}
