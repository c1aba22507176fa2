using System;
using System.Globalization;
using Qianfan.Client.Errors;

namespace Qianfan.Connection
{
    /// <summary>
    /// How long a request's signature stays valid (the expiration in bce-auth-v1), and
    /// QIANFAN_IAM_SIGN_EXPIRATION_SEC, which sets it. bce-auth-v1 does not sign the body, so a
    /// captured Authorization header can be replayed with any body until it expires: the default
    /// is short (300 s, as the vendor's Python and Go SDKs use), which the clock correction makes safe.
    /// </summary>
    internal static class SignatureLifetime
    {
        public const string Variable = "QIANFAN_IAM_SIGN_EXPIRATION_SEC";
        public const int DefaultSeconds = 300;
        public const int MinSeconds = 60;
        public const int MaxSeconds = 3600;

        /// <summary>The lifetime set by <see cref="Variable"/>, or the default when it is unset or blank.</summary>
        /// <exception cref="ArgumentException">The variable holds something other than a whole number of seconds in range; the message says what to set.</exception>
        public static int FromEnvironment(Func<string, string?>? environment = null) =>
            Parse((environment ?? Environment.GetEnvironmentVariable)(Variable));

        public static int Parse(string? text)
        {
            if (text == null || string.IsNullOrWhiteSpace(text)) return DefaultSeconds;
            if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || !InRange(seconds))
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "The environment variable {0} is '{1}', which is not a signature lifetime: give a whole number of seconds from {2} to {3} " +
                    "(default {4}), or remove the variable. No request was sent.",
                    Variable, ServiceText.Clean(text, 20), MinSeconds, MaxSeconds, DefaultSeconds));
            return seconds;
        }

        public static bool InRange(int seconds) => seconds >= MinSeconds && seconds <= MaxSeconds;
    }
}
