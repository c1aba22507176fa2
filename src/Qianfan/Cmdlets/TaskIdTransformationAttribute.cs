using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Qianfan.Records;
using Qianfan.Runs;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Turns what is given to -TaskId into id strings: strings as they are, and the id of tasks,
    /// results and other objects or hashtables with a TaskId, TaskIds or Id. Anything else (a
    /// number, a file, a hashtable without an id) would otherwise become its text and be sent as an
    /// id; it becomes a <see cref="NotATaskId"/> stand-in instead, refused in its place in the run.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class TaskIdTransformationAttribute : ArgumentTransformationAttribute
    {
        // The names the -TaskId parameter answers to, in the order they are looked for.
        private static readonly string[] IdNames = { "TaskId", "TaskIds", "Id" };
        private const int MaxNesting = 8;

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var ids = new List<string?>();
            AddInput(inputData, ids, 0);
            return ids.ToArray();
        }

        private static void AddInput(object? input, List<string?> ids, int depth)
        {
            var value = Unwrap(input);
            if (value == null || value is string)
            {
                ids.Add((string?)value);
                return;
            }
            if (value is IDictionary dictionary)
            {
                var key = IdKey(dictionary);
                if (key == null) ids.Add(NotATaskId.StandInFor(value, Describe(value), IdLikeName(dictionary.Keys.OfType<string>())));
                else AddIdValue(dictionary[key], value, key, ids);
                return;
            }
            var idProperty = IdNames.Select(n => PSObject.AsPSObject(input).Properties[n]).FirstOrDefault(p => p != null);
            if (idProperty != null)
            {
                AddIdValue(SafeValue(idProperty), value, idProperty.Name, ids);
                return;
            }
            if (value is IEnumerable items && depth < MaxNesting)
            {
                foreach (var item in items) AddInput(item, ids, depth + 1);
                return;
            }
            var idLike = value is PSObject custom ? IdLikeName(custom.Properties.Select(p => p.Name)) : null;
            ids.Add(NotATaskId.StandInFor(value, Describe(value), idLike));
        }

        // Of several id keys (TaskId and Id), the one named first in IdNames wins.
        private static string? IdKey(IDictionary dictionary)
        {
            var keys = dictionary.Keys.OfType<string>().ToList();
            return IdNames.Select(name => keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault(k => k != null);
        }

        /// <summary>The id held by a property or key: a string, or a list of strings (as a TaskIds column may be).</summary>
        private static void AddIdValue(object? idValue, object owner, string idName, List<string?> ids)
        {
            var value = Unwrap(idValue);
            if (value == null || value is string)
            {
                ids.Add((string?)value);
                return;
            }
            if (value is IEnumerable items && !(value is IDictionary))
            {
                var texts = items.Cast<object>().Select(Unwrap).ToList();
                if (texts.All(t => t == null || t is string))
                {
                    ids.AddRange(texts.Cast<string?>());
                    return;
                }
            }
            ids.Add(NotATaskId.StandInFor(owner, $"{Describe(owner)} whose {idName} is {Describe(value)}"));
        }

        /// <summary>The first name with the word "id" in it ('Task Id', task_id, TASK-ID, taskID; not Provider), for the advice.</summary>
        internal static string? IdLikeName(IEnumerable<string> names) =>
            names.FirstOrDefault(name => NameWords.Split(name).Any(word => string.Equals(word, "id", StringComparison.OrdinalIgnoreCase)));

        // Words of a column name: split at spaces, '_', '-', '.', and where a lower-case letter meets a capital (taskId).
        private static readonly System.Text.RegularExpressions.Regex NameWords =
            new System.Text.RegularExpressions.Regex(@"[\s_\-.]+|(?<=[a-z])(?=[A-Z])");

        // A pscustomobject is its PSObject; anything else is the object PowerShell wrapped.
        private static object? Unwrap(object? input) =>
            input is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : input;

        private static object? SafeValue(PSPropertyInfo property)
        {
            try
            {
                return property.Value;
            }
            catch (GetValueException)
            {
                return null;
            }
        }

        /// <summary>What the input is, in words, e.g. "the number 42" or "a System.Collections.Hashtable with the keys task_id".</summary>
        internal static string Describe(object? value)
        {
            switch (value)
            {
                case null:
                    return "nothing";
                case byte _: case sbyte _: case short _: case ushort _: case int _: case uint _:
                case long _: case ulong _: case float _: case double _: case decimal _:
                    return "the number " + Convert.ToString(value, CultureInfo.InvariantCulture);
                case IDictionary dictionary:
                    return $"a {value.GetType().FullName} with the keys {NameList(dictionary.Keys.Cast<object>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)))}";
                case PSObject custom:
                    return $"an object with the properties {NameList(custom.Properties.Select(p => p.Name))}";
            }
            var type = value.GetType().FullName;
            var shown = Convert.ToString(value, CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(shown) || shown == type) return "a " + type;
            return shown.StartsWith(type, StringComparison.Ordinal) ? "a " + Shorten(shown) : $"a {type} ('{Shorten(shown)}')";
        }

        private static string NameList(IEnumerable<string?> names)
        {
            var list = names.Take(6).Select(n => Shorten(n ?? string.Empty)).ToList();
            return list.Count == 0 ? "(none)" : string.Join(", ", list) + (names.Skip(6).Any() ? ", ..." : string.Empty);
        }

        private static string Shorten(string text) =>
            ErrorRecordFactory.Printable(text.Length <= 60 ? text : text.Substring(0, 57) + "...");
    }
}
