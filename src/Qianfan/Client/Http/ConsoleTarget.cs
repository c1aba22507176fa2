using System;
using Qianfan.Protocol;
using Qianfan.Signing;

namespace Qianfan.Client.Http
{
    /// <summary>
    /// Checks the route and action name of a console call given by a user, before anything is
    /// signed: both end up in the URL, and a character that the HTTP stack would rewrite on the way
    /// (a space, "..", "%", a part ending in a dot, which .NET Framework's Uri may strip) would make the
    /// signature cover something other than what is sent.
    /// </summary>
    internal static class ConsoleTarget
    {
        /// <summary>The route with one leading slash, e.g. "/v2/batchinference".</summary>
        /// <exception cref="ArgumentException">The route is empty or holds something other than plain path segments.</exception>
        public static string NormalizeRoute(string? route)
        {
            var text = (route ?? string.Empty).Trim();
            if (text.Length > 0 && text[0] == '/') text = text.Substring(1);
            if (text.Length == 0)
                throw new ArgumentException("The route is empty. Give the console route of the action, such as " + ServiceProtocol.Route.BatchInference + ".");
            foreach (var segment in text.Split('/'))
            {
                if (segment.Length == 0 || segment[segment.Length - 1] == '.' || BceUriEncoder.Encode(segment) != segment)
                    throw new ArgumentException(
                        $"The route '{route}' is not a plain path such as {ServiceProtocol.Route.BatchInference}: each part between slashes must be " +
                        "non-empty, made of letters, digits, '-', '.', '_' or '~', and must not end in '.' (no query string, no '..').");
            }
            return "/" + text;
        }

        /// <summary>The action name, trimmed.</summary>
        /// <exception cref="ArgumentException">The name is empty or is not a single word of letters and digits.</exception>
        public static string CheckAction(string? action)
        {
            var text = (action ?? string.Empty).Trim();
            var valid = text.Length > 0 && char.IsLetter(text[0]);
            foreach (var c in text)
                valid &= c < 128 && char.IsLetterOrDigit(c);
            if (!valid)
                throw new ArgumentException($"The action '{action}' is not an action name: give one word of letters and digits, such as {ServiceProtocol.Actions.DescribeBatchInferenceTasks}.");
            return text;
        }
    }
}
