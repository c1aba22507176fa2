using System;
using System.Globalization;
using System.Linq;

namespace Qianfan.Runs
{
    /// <summary>
    /// Finds the first character a task id never holds, and says what it is, where, and what to do.
    /// The vendor's ids are machine-made (StopBatchInferenceTask's page: taskId comes only from the
    /// creation or list answer) and every one it shows is ASCII letters, digits and '-'
    /// (infer-9ia3kc1wt9mp in both seed pages, infer-n509xxxhqq3 in the list page's sample). So any
    /// printable ASCII is let through, lest a future id shape be refused, and what is refused is what
    /// comes from damaged input: invisible and non-ASCII characters, white space inside, wildcards
    /// and quotes. A refused id is never sent, so the service can never call it "not found".
    /// The seeds also show ids masked for print (infer-9ia3***t9mp, infer-9ia3xxxt9mp): the '*' of
    /// such a mask is a wildcard here, while the letters of the other mask pass as any id would.
    /// </summary>
    internal static class TaskIdCharacters
    {
        // A UTF-8 byte-order mark (EF BB BF) read as Windows-1252 text, as Windows PowerShell's Get-Content does by default.
        private const string AnsiByteOrderMark = "\u00EF\u00BB\u00BF";

        private const string Example = "infer-9ia3kc1wt9mp";

        /// <param name="taskId">The id, already trimmed.</param>
        /// <returns>Why the id cannot be one, or null when every character may be in an id.</returns>
        public static string? FindProblem(string taskId)
        {
            var misreadMark = taskId.IndexOf(AnsiByteOrderMark, StringComparison.Ordinal);
            if (misreadMark >= 0)
            {
                return $"it holds {AnsiByteOrderMark} (U+00EF U+00BB U+00BF) at position {misreadMark + 1}: a UTF-8 byte-order mark read as ANSI text. " +
                       "Read the file as UTF-8: Get-Content -Encoding UTF8 or Import-Csv -Encoding UTF8 (Windows PowerShell 5.1 reads a file as ANSI unless told otherwise)";
            }
            for (var index = 0; index < taskId.Length; index++)
            {
                var problem = ProblemWith(taskId, index);
                if (problem != null) return problem;
            }
            return null;
        }

        private static string? ProblemWith(string taskId, int index)
        {
            var c = taskId[index];
            // Named only for a refused character: this runs for every character of every id.
            string Where() => $"{Name(c)} at position {index + 1}";
            if (char.IsWhiteSpace(c)) return WhiteSpaceInside(taskId, Where());
            if (c == '\uFEFF')
                return $"it holds a byte-order mark ({Where()}), an invisible mark some editors and programs write at the start of a file; " +
                       "remove it, or read the file with Get-Content -Encoding UTF8, which drops it";
            if (IsZeroWidth(c))
                return $"it holds a zero-width character ({Where()}), invisible on screen and usually pasted from a web page or chat; " +
                       "retype the id, or remove such characters: $id -replace '[\\u200B-\\u200D\\u2060\\uFEFF]'";
            if (char.IsControl(c)) return $"it holds the control character {Where()}";
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                return $"it holds an invisible formatting character ({Where()}); retype the id";
            if (c == '*' || c == '?' || c == '[' || c == ']')
                return $"it holds the wildcard character '{c}' ({Where()}); -TaskId takes exact ids, never patterns. " +
                       $"To act on the tasks an id pattern matches, list them first and pipe them on: Get-QianfanBatchTask | Where-Object TaskId -like '{taskId.Replace("'", "''")}' | ...";
            if (IsQuote(c))
                return $"it holds the quote '{c}' ({Where()}); quotes around an id are not part of it: remove those left in the file, cell or variable";
            if (c > '\u007E')
                return $"it holds '{c}' ({Where()}), which no task id has: ids are ASCII letters, digits and '-', such as {Example}. " +
                       "A look-alike letter from another alphabet or a typographic dash is the usual cause: retype the id";
            return null;
        }

        /// <summary>Several ids in one string are split by the user; a single damaged id is corrected, never split into two.</summary>
        private static string WhiteSpaceInside(string taskId, string where)
        {
            var words = taskId.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 1 && LookAlike(words))
            {
                return $"it holds {words.Length} ids separated by white space ({where}); one id a line: " +
                       "split such text first, e.g. -TaskId ($text -split '\\s+')";
            }
            return $"it holds white space ({where}); a task id is one word such as {Example}, so this one is damaged " +
                   "(a space typed in, or an id broken across lines): correct it where it came from, e.g. copy it again from Get-QianfanBatchTask";
        }

        // Several ids (not one id broken in two) when every word has the same prefix before a '-': infer-a infer-b.
        private static bool LookAlike(string[] words)
        {
            var prefix = Prefix(words[0]);
            return prefix != null && words.All(w => Prefix(w) == prefix);
        }

        private static string? Prefix(string word)
        {
            var dash = word.IndexOf('-');
            return dash > 0 && dash < word.Length - 1 ? word.Substring(0, dash) : null;
        }

        private static bool IsZeroWidth(char c) => c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\u180E';

        private static bool IsQuote(char c) =>
            c == '\'' || c == '"' || c == '`' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B' ||
            c == '\u201C' || c == '\u201D' || c == '\u201E' || c == '\u201F';

        private static string Name(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
    }
}
