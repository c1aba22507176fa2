// The code-analysis attributes ([NotNullWhen], [NotNullIfNotNull], [SuppressMessage]) are used across the module without a using in each file.
global using System.Diagnostics.CodeAnalysis;

namespace System.Diagnostics.CodeAnalysis
{
    // The nullable-analysis attributes that .NET Core 3 and later have. netstandard2.0, which the module targets so that
    // Windows PowerShell 5.1 loads it, does not; the compiler only needs the names, so internal copies serve.

    /// <summary>A nullable parameter is not null when the method returns <see cref="ReturnValue"/>.</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    internal sealed class NotNullWhenAttribute : Attribute
    {
        public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }

    /// <summary>The return value, property or parameter is not null when the named parameter is not null.</summary>
    [AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.ReturnValue, AllowMultiple = true, Inherited = false)]
    internal sealed class NotNullIfNotNullAttribute : Attribute
    {
        public NotNullIfNotNullAttribute(string parameterName) => ParameterName = parameterName;

        public string ParameterName { get; }
    }
}
