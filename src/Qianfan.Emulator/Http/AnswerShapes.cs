namespace Qianfan.Emulator.Http;

/// <summary>
/// The shapes of answer the emulator can give where the vendor's material shows more than one, so
/// that the module is tested against each (settings --paging and --throttle-shape).
/// </summary>
public static class AnswerShapes
{
    /// <summary>How DescribeBatchInferenceTasks pages.</summary>
    public static class Paging
    {
        /// <summary>
        /// As the vendor's answers show it (its SDK's mock server, the v2 console list answers): pageInfo.marker
        /// echoes the request's marker ("" on the first page), a truncated page carries nextMarker, the first task
        /// of the next page, and a marker names where a page starts (inclusive).
        /// </summary>
        public const string Vendor = "vendor";

        /// <summary>The older shape: pageInfo.marker is the last task shown, no nextMarker, and a page starts after the marker.</summary>
        public const string LastId = "last-id";

        public static IReadOnlyList<string> All { get; } = new[] { Vendor, LastId };
    }

    /// <summary>The body of a throttled answer.</summary>
    public static class Errors
    {
        /// <summary>The console API's {"requestId", "code", "message"} (the seeds' error section).</summary>
        public const string Console = "console";

        /// <summary>The older APIs' {"error_code": N, "error_msg"} (the vendor SDK's mock server; codes 18 and 336501 in its APIErrorCode).</summary>
        public const string Legacy = "legacy";

        public static IReadOnlyList<string> All { get; } = new[] { Console, Legacy };
    }
}
