using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Qianfan.Client.Http
{
    /// <summary>A successful console answer: the <c>result</c> member, the request id and how it went.</summary>
    /// <param name="Result">The answer's <c>result</c>; ValueKind Undefined when the answer had none.</param>
    internal sealed record ConsoleResult(JsonElement Result, string? RequestId, int HttpStatus, IReadOnlyList<AttemptRecord> Attempts,
        TimeSpan Elapsed, bool EarlierAttemptMayHaveReachedService);
}
