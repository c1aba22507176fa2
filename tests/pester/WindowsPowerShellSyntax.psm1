# Finds what Windows PowerShell 5.1 cannot run in a script: syntax PowerShell 7 added (read from the
# syntax tree, so that a string or comment holding "??" is not taken for it), and by name the 7-only
# automatic variables, parameters, members and commands the suite has used. On 5.1 itself the parser
# already refuses the new syntax; this finds it here, on 7, before a Windows run does.

# AST node types (by name: 5.1 has none of them) that are 7-only syntax.
$script:SyntaxNodes = @{
    TernaryExpressionAst = 'a ternary ($a ? $b : $c)'
    PipelineChainAst     = 'a pipeline chain (&& or ||)'
}

# Operators 7 added, by TokenKind name.
$script:Operators = @{
    QuestionQuestion       = 'the null-coalescing operator ??'
    QuestionQuestionEquals = 'the null-coalescing assignment ??='
}

# Automatic variables 5.1 does not set (an unset variable reads as $null there, silently).
$script:Variables = @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR')

# Members .NET Framework's types lack.
$script:Members = @{
    ArgumentList = 'ProcessStartInfo.ArgumentList (.NET Core 2.1 and later); build .Arguments instead'
}

# Commands 5.1 does not have, and parameters its commands lack.
$script:Commands = @('Get-Error', 'Test-Json', 'Join-String', 'ConvertFrom-Markdown', 'Get-Uptime', 'Remove-Alias', 'Start-ThreadJob')
$script:Parameters = @{
    'Invoke-WebRequest' = @('SkipHttpErrorCheck', 'StatusCodeVariable', 'ResponseHeadersVariable', 'SkipCertificateCheck', 'SslProtocol', 'Authentication',
        'Token', 'AllowUnencryptedAuthentication', 'MaximumRetryCount', 'RetryIntervalSec', 'NoProxy', 'Form', 'Resume', 'SkipHeaderValidation',
        'PreserveAuthorizationOnRedirect', 'HttpVersion', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds')
    'ConvertFrom-Json'  = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json'    = @('AsArray', 'EnumsAsStrings', 'EscapeHandling')
    'ForEach-Object'    = @('Parallel', 'ThrottleLimit', 'AsJob')
    'Get-Content'       = @('AsByteStream')
    'Set-Content'       = @('AsByteStream')
    'Add-Content'       = @('AsByteStream')
    'Join-Path'         = @('AdditionalChildPath')
    'Select-String'     = @('Raw', 'NoEmphasis')
    'Get-Process'       = @('IncludeUserName')
}
$script:Parameters['Invoke-RestMethod'] = $script:Parameters['Invoke-WebRequest']

function New-Finding($Ast, [string] $Source, [string] $Why) {
    [pscustomobject]@{ Source = $Source; Line = $Ast.Extent.StartLineNumber; Text = $Ast.Extent.Text; Why = $Why }
}

<#
Returns one finding (Source, Line, Text, Why) for each construct in -Path's scripts (or in the -Script
text) that Windows PowerShell 5.1 cannot run; nothing when there is none. A parse error is a finding too.
#>
function Find-WindowsPowerShellIncompatibility {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Path')] [string[]] $Path,
        [Parameter(Mandatory, ParameterSetName = 'Script')] [string] $Script
    )
    $sources = if ($PSCmdlet.ParameterSetName -eq 'Path') { $Path } else { @('<script>') }
    foreach ($source in $sources) {
        $tokens = $null
        $errors = $null
        $ast = if ($PSCmdlet.ParameterSetName -eq 'Path') {
            [System.Management.Automation.Language.Parser]::ParseFile($source, [ref] $tokens, [ref] $errors)
        }
        else {
            [System.Management.Automation.Language.Parser]::ParseInput($Script, [ref] $tokens, [ref] $errors)
        }
        foreach ($parseError in $errors) {
            [pscustomobject]@{ Source = $source; Line = $parseError.Extent.StartLineNumber; Text = $parseError.Extent.Text; Why = "a parse error: $($parseError.Message)" }
        }
        foreach ($node in $ast.FindAll({ $true }, $true)) {
            $type = $node.GetType().Name
            if ($script:SyntaxNodes.ContainsKey($type)) { New-Finding $node $source $script:SyntaxNodes[$type] }
            if ($type -in 'BinaryExpressionAst', 'AssignmentStatementAst' -and $script:Operators.ContainsKey([string]$node.Operator)) {
                New-Finding $node $source $script:Operators[[string]$node.Operator]
            }
            if ($type -in 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst') {
                $nullConditional = $node.PSObject.Properties['NullConditional']
                if ($nullConditional -and $nullConditional.Value) { New-Finding $node $source 'a null-conditional member or index (?. or ?[])' }
            }
            if ($type -eq 'PipelineAst') {
                $background = $node.PSObject.Properties['Background']
                if ($background -and $background.Value) { New-Finding $node $source 'a background operator (& at the end of a pipeline)' }
            }
            if ($type -eq 'ScriptBlockAst') {
                $clean = $node.PSObject.Properties['CleanBlock']
                if ($clean -and $null -ne $clean.Value) { New-Finding $node $source 'a clean block' }
            }
            switch ($type) {
                'VariableExpressionAst' {
                    if ($node.VariablePath.UserPath -in $script:Variables) { New-Finding $node $source "`$$($node.VariablePath.UserPath), which Windows PowerShell does not set" }
                }
                { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst' } {
                    $member = $node.Member.Value
                    if ($member -is [string] -and $script:Members.ContainsKey($member)) { New-Finding $node $source $script:Members[$member] }
                }
                'CommandAst' {
                    $name = $node.GetCommandName()
                    if ($name -in $script:Commands) { New-Finding $node $source "$name, a command Windows PowerShell does not have" }
                    if ($name -and $script:Parameters.ContainsKey($name)) {
                        foreach ($parameter in $node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                            $match = $script:Parameters[$name] | Where-Object { $_ -like "$($parameter.ParameterName)*" } | Select-Object -First 1
                            if ($match -and $parameter.ParameterName.Length -ge 2) { New-Finding $node $source "$name -$match, which Windows PowerShell does not have" }
                        }
                    }
                    if ($name -eq 'Invoke-WebRequest' -and -not ($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and 'UseBasicParsing' -like "$($_.ParameterName)*" })) {
                        New-Finding $node $source 'Invoke-WebRequest without -UseBasicParsing, which needs Internet Explorer on Windows PowerShell'
                    }
                    if ($name -eq 'Join-Path') {
                        $positional = @($node.CommandElements | Select-Object -Skip 1 | Where-Object { $_ -isnot [System.Management.Automation.Language.CommandParameterAst] })
                        $named = @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })
                        if ($named.Count -eq 0 -and $positional.Count -gt 2) { New-Finding $node $source 'Join-Path with more than one child path' }
                    }
                }
                'StringConstantExpressionAst' {
                    if ($node.Value -in 'utf8NoBOM', 'utf8BOM' -and $node.Parent -is [System.Management.Automation.Language.CommandAst]) {
                        New-Finding $node $source "the encoding name '$($node.Value)'"
                    }
                }
            }
        }
    }
}

Export-ModuleMember -Function Find-WindowsPowerShellIncompatibility
