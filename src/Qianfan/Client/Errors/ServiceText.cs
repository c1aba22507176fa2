using System.Globalization;
using System.Text;

namespace Qianfan.Client.Errors
{
    /// <summary>
    /// Text that came from the endpoint (error code, message, request id, a header), made fit for a
    /// message, an error id or a log line: control characters (terminal escape sequences, line
    /// breaks) and invisible format characters (bidirectional overrides) become spaces or go, and
    /// the length is capped, so a broken or hostile endpoint cannot rewrite the screen or flood it.
    /// </summary>
    internal static class ServiceText
    {
        public const int MaxCodeLength = 64;
        public const int MaxRequestIdLength = 128;
        public const int MaxMessageLength = 1024;
        public const int MaxUrlLength = 256;
        public const string Truncated = "... (cut)";

        [return: NotNullIfNotNull(nameof(text))]
        public static string? Code(string? text) => Clean(text, MaxCodeLength);

        [return: NotNullIfNotNull(nameof(text))]
        public static string? RequestId(string? text) => Clean(text, MaxRequestIdLength);

        [return: NotNullIfNotNull(nameof(text))]
        public static string? Message(string? text) => Clean(text, MaxMessageLength);

        [return: NotNullIfNotNull(nameof(text))]
        public static string? Url(string? text) => Clean(text, MaxUrlLength);

        /// <summary>The printable text, runs of whitespace and control characters made one space, at most <paramref name="maxLength"/> characters; null stays null.</summary>
        [return: NotNullIfNotNull(nameof(text))]
        public static string? Clean(string? text, int maxLength)
        {
            if (text == null) return null;
            var builder = new StringBuilder(System.Math.Min(text.Length, maxLength + Truncated.Length));
            var pendingSpace = false;
            foreach (var c in text)
            {
                if (builder.Length >= maxLength)
                {
                    // Never leave half a surrogate pair at the cut.
                    if (char.IsHighSurrogate(builder[builder.Length - 1])) builder.Length--;
                    builder.Append(Truncated);
                    break;
                }
                if (char.IsControl(c) || char.IsWhiteSpace(c))
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category == UnicodeCategory.Format || category == UnicodeCategory.PrivateUse) continue;
                if (pendingSpace) builder.Append(' ');
                pendingSpace = false;
                builder.Append(c);
            }
            return builder.ToString();
        }
    }
}
