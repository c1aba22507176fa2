using System;
using System.Text.RegularExpressions;

namespace Qianfan.Client.Http
{
    /// <summary>
    /// URLs as they may be printed: any user information (user:password@) is replaced by "***", so
    /// a password put in an endpoint or proxy URL never reaches a message, a target object or a log line.
    /// </summary>
    internal static class UrlText
    {
        public const string Mask = "***";

        // An optional scheme's "://", then everything up to the last "@" of the same word: a password
        // may hold "/", ":" or "@" unescaped, or come without a scheme ("user:pass@host"), and masking
        // a little too much of an odd URL is the safe mistake.
        private static readonly Regex UserInfo = new Regex(
            @"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)?[^\s'""<>()]*@",
            RegexOptions.CultureInvariant);

        /// <summary>The URL as given, with any user information masked; null stays null.</summary>
        [return: NotNullIfNotNull(nameof(url))]
        public static string? Masked(Uri? url) => url == null ? null : Masked(url.OriginalString);

        /// <summary>Any text (an exception message, say) with the user information of every URL in it masked.</summary>
        [return: NotNullIfNotNull(nameof(text))]
        public static string? Masked(string? text) =>
            text == null || text.IndexOf('@') < 0 ? text : UserInfo.Replace(text, "${scheme}" + Mask + "@");
    }
}
