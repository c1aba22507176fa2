namespace Qianfan.Client
{
    /// <summary>Where a console call went wrong.</summary>
    public enum FailureKind
    {
        /// <summary>The service answered with an error code (or result false).</summary>
        Service,
        /// <summary>No answer: the connection failed, was refused or was dropped.</summary>
        Connection,
        /// <summary>No answer within the attempt's time limit.</summary>
        Timeout,
        /// <summary>An answer that is not the service's JSON (a proxy page, an empty body, a redirect).</summary>
        InvalidResponse,
        /// <summary>Something on this side made the request impossible (bad input, bad configuration).</summary>
        Local,
        /// <summary>The service's JSON answer, without an error, but without what the action returns (a task list with no way to the next page, say).</summary>
        UnexpectedAnswer,
    }
}
