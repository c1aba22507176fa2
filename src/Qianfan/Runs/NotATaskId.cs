using System.Runtime.CompilerServices;

namespace Qianfan.Runs
{
    /// <summary>
    /// An input that is not a task id (a hashtable without an id, a file, a number...). PowerShell
    /// binds -TaskId as strings, so such an input travels as a stand-in string that keeps its place
    /// in input order; <see cref="TaskIdInput"/> refuses the stand-in, and the error names the input.
    /// </summary>
    internal sealed class NotATaskId
    {
        // Keyed by the stand-in's reference, not its text: no text typed by a user can ever match.
        private static readonly ConditionalWeakTable<string, NotATaskId> StandIns = new ConditionalWeakTable<string, NotATaskId>();

        private NotATaskId(object input, string description, string? idName)
        {
            Input = input;
            Description = description;
            IdName = idName;
        }

        /// <summary>The object as it was given, for the error's TargetObject.</summary>
        public object Input { get; }

        /// <summary>What the input was, e.g. "a System.Collections.Hashtable with the keys task_id".</summary>
        public string Description { get; }

        /// <summary>The input's key or property that looks as if it holds the id (such as 'Task Id' or task_id), or null.</summary>
        public string? IdName { get; }

        /// <summary>A new string that stands for <paramref name="input"/>; its text has white space, so it is never a valid id.</summary>
        public static string StandInFor(object input, string description, string? idName = null)
        {
            var standIn = new string(("(not a task id: " + description + ")").ToCharArray());
            StandIns.Add(standIn, new NotATaskId(input, description, idName));
            return standIn;
        }

        /// <summary>The input a stand-in string was made for; false for every other string.</summary>
        public static bool TryFind([NotNullWhen(true)] string? text, [NotNullWhen(true)] out NotATaskId? input)
        {
            input = null;
            return text != null && StandIns.TryGetValue(text, out input);
        }
    }
}
