#Requires -Modules Pester
# Every example of the help (src/Qianfan/Help/*.md and the PowerShell blocks of about_Qianfan) and every
# PowerShell block of README.md runs here,
# as written, against the emulator, like doctests. Each runs in a runspace of its own, in a sandbox
# that gives it what its text takes for granted (see Get-ExampleSandbox): keys in the environment,
# tasks with the ids and names the examples use, the files they read, and stand-ins for prompts and
# a secret store. An example passes when it throws nothing and writes no error, and has reached the
# emulator when it runs a command that asks the service; one with an output block must also show
# that block's column headers, property labels or first sentence. An example that cannot run
# here says why in its source, in a comment just above its code:  <!-- example: not run: REASON -->
# Examples added later are run without editing this file.

BeforeDiscovery {
    $root = Join-Path $PSScriptRoot '../..'
    $sources = @(Get-ChildItem (Join-Path $root 'src/Qianfan/Help') -Filter *.md | Where-Object Name -ne 'README.md') +
        @(Get-Item (Join-Path $root 'README.md'))

    # Splits markdown into examples: a heading (or, in README, each powershell block) with its code,
    # the output block after it, and the not-run mark above it.
    $script:examples = foreach ($file in $sources) {
        $command = $file.BaseName
        $lines = Get-Content $file.FullName
        $title = $null
        $mark = $null
        $block = 0
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $line = $lines[$i]
            if ($line -match '^### (Example \d+.*)') { $title = $Matches[1]; $mark = $null; continue }
            if ($line -match '^<!-- example: not run: (.+) -->') { $mark = $Matches[1]; continue }
            if ($line -eq '```powershell' -and ($title -or $command -eq 'README')) {
                $end = $i + 1
                while ($lines[$end] -ne '```') { $end++ }
                $code = $lines[($i + 1)..($end - 1)] -join "`n"
                $output = $null
                $next = $end + 1
                while ($next -lt $lines.Count -and $lines[$next] -eq '') { $next++ }
                if ($next -lt $lines.Count -and $lines[$next] -eq '```output') {
                    $outEnd = $next + 1
                    while ($lines[$outEnd] -ne '```') { $outEnd++ }
                    $output = $lines[($next + 1)..($outEnd - 1)]
                }
                $block++
                $name = if ($command -eq 'README') { "README.md block $block" } else { "$command $title" }
                @{ Name = $name; Command = $command; Code = $code; Output = $output; NotRun = $mark }
                $title = $null
                $mark = $null
                $i = $end
            }
        }
    }

    # about_Qianfan is plain text: its examples are the blocks indented by eight spaces. A block is a
    # PowerShell example when it parses, is no table (no columns aligned with runs of spaces), and runs
    # no program (the emulator's command line is one: it is shown for a shell, not as an example).
    $about = @(Get-Content (Join-Path $root 'src/Qianfan/Help/about_Qianfan.help.txt'))
    $section = $null
    $script:examples = @($examples) + @(for ($i = 0; $i -lt $about.Count; $i++) {
        if ($about[$i] -cmatch '^[A-Z][A-Z ,]+$') { $section = $about[$i]; continue }
        if ($about[$i] -notmatch '^ {8}\S' -or ($i -gt 0 -and $about[$i - 1] -ne '')) { continue }
        $end = $i
        while ($end + 1 -lt $about.Count -and ($about[$end + 1] -match '^ {8}' -or ($about[$end + 1] -eq '' -and $end + 2 -lt $about.Count -and $about[$end + 2] -match '^ {8}'))) { $end++ }
        $code = ($about[$i..$end] | ForEach-Object { if ($_.Length -ge 8) { $_.Substring(8) } else { $_ } }) -join "`n"
        $i = $end
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$tokens, [ref]$errors)
        if ($errors -or $code -match '\S {3,}\S') { continue }
        $programs = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true) |
            ForEach-Object { $_.GetCommandName() } | Where-Object { $_ -and (Get-Command $_ -CommandType Application -ErrorAction Ignore) })
        if ($programs) { continue }
        @{ Name = "about_Qianfan $section"; Command = 'about_Qianfan'; Code = $code; Output = $null; NotRun = $null }
    })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'ScriptedHost.ps1')
    Import-Module (Get-TestModulePath) -Force
    if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

    $script:keys = Get-TestKeys
    $script:stsToken = 'STS-example-token-0001'
    $script:emulator = Start-TestEmulator
    # The examples' temporary (STS) keys belong to an account that requires their token.
    $script:stsEmulator = Start-TestEmulator -SecurityToken $stsToken
    $script:variables = 'QIANFAN_ACCESS_KEY', 'QIANFAN_SECRET_KEY', 'QIANFAN_SECURITY_TOKEN', 'QIANFAN_CONSOLE_API_BASE_URL', 'QIANFAN_IAM_SIGN_EXPIRATION_SEC'
    $script:savedEnvironment = Save-TestEnvironment -Name ($variables + 'PSModulePath')
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "qianfan-help-examples-$PID"
    $script:savedModulePath = $env:PSModulePath

    # The tasks the examples name, in states that let each example do what its text says.
    function Get-ExampleTasks([string] $Command) {
        $now = [DateTime]::UtcNow
        $at = { param($hoursAgo) $now.AddHours(-$hoursAgo).ToString('yyyy-MM-ddTHH:mm:ssZ') }
        $tasks = @(
            @{ taskId = 'infer-9ia3kc1wt9mp'; name = 'product-summaries'; runStatus = 'Running'; createTime = & $at 2 }
            @{ taskId = 'infer-2kq7v0xh4d1s'; name = 'nightly-eval'; runStatus = 'Done'; createTime = & $at 30 }
            @{ taskId = 'infer-n509xxxhqq3'; name = 'nightly-eval-2'; runStatus = 'Running'; createTime = & $at 1 }
            @{ taskId = 'infer-adhoc00001'; name = 'adhoc-test-1'; runStatus = 'Running'; createTime = & $at 3 }
            @{ taskId = 'infer-adhoc00002'; name = 'adhoc-test-2'; runStatus = 'Failed'; createTime = & $at 4 }
            @{ taskId = 'infer-long000001'; name = 'long-run'; runStatus = 'Running'; createTime = & $at 72 }
            @{ taskId = 'infer-old0000001'; name = 'old-eval-1'; runStatus = 'Stopped'; createTime = & $at 200 }
            @{ taskId = 'infer-old0000002'; name = 'old-eval-2'; runStatus = 'Done'; createTime = & $at 210 }
            @{ taskId = 'infer-march00001'; name = 'march-eval'; runStatus = 'Done'; createTime = '2025-03-01T10:00:00Z' }
            foreach ($i in 1..30) { @{ taskId = 'infer-failed{0:D4}' -f $i; name = "batch-$i"; runStatus = 'Failed'; createTime = & $at (100 + $i) } }
        )
        # Waiting examples wait for the tasks in their files, which must end for the example to end; deleting ones delete the task of Example 1.
        $ended = @{ 'Wait-QianfanBatchTask' = 'infer-9ia3kc1wt9mp', 'infer-n509xxxhqq3'; 'Remove-QianfanBatchTask' = @('infer-9ia3kc1wt9mp') }[$Command]
        foreach ($task in $tasks) { if ($task.taskId -in $ended) { $task.runStatus = 'Done' } }
        $tasks
    }

    <#
    What the examples take for granted: files in the current folder (ids.txt and tasks.csv: ids to stop
    or wait for; batch.csv: ids, some running; old.csv: ended tasks to delete), the keys in the
    environment, $taskId and $credential, and stand-ins for Get-Credential (a prompt) and Get-Secret
    (Microsoft.PowerShell.SecretManagement). The endpoints the examples name are the emulator.
    #>
    function Initialize-ExampleSandbox([string] $Command) {
        Set-EmulatorTasks $emulator -Replace -Tasks (Get-ExampleTasks $Command)
        # A stop takes a moment to take effect, as the service's does: an example that deletes right after a stop must wait.
        $null = Set-EmulatorConfig $emulator @{ stopDelayMs = 300 }
        Remove-Item $work -Recurse -Force -ErrorAction Ignore
        $null = New-Item -ItemType Directory $work
        Set-Content (Join-Path $work 'ids.txt') 'infer-9ia3kc1wt9mp', 'infer-n509xxxhqq3'
        'infer-9ia3kc1wt9mp', 'infer-n509xxxhqq3' | ForEach-Object { [pscustomobject]@{ TaskId = $_; Owner = 'ops' } } |
            Export-Csv (Join-Path $work 'tasks.csv') -NoTypeInformation -Encoding UTF8
        'infer-9ia3kc1wt9mp', 'infer-2kq7v0xh4d1s', 'infer-long000001' | ForEach-Object { [pscustomobject]@{ TaskId = $_ } } |
            Export-Csv (Join-Path $work 'batch.csv') -NoTypeInformation -Encoding UTF8
        'infer-old0000001', 'infer-old0000002' | ForEach-Object { [pscustomobject]@{ TaskId = $_; Note = 'old' } } |
            Export-Csv (Join-Path $work 'old.csv') -NoTypeInformation -Encoding UTF8
        Disconnect-Qianfan
        Clear-TestEnvironment -Name $variables
        $env:QIANFAN_ACCESS_KEY = $keys.AccessKey
        $env:QIANFAN_SECRET_KEY = $keys.SecretKey
        $env:QIANFAN_CONSOLE_API_BASE_URL = $emulator.Url
        # A job's own process finds the module as it finds an installed one.
        $env:PSModulePath = (Split-Path (Get-TestModulePath)) + [IO.Path]::PathSeparator + $savedModulePath
        # Disconnecting presumes a session to disconnect.
        if ($Command -eq 'Disconnect-Qianfan') { Connect-Qianfan -Credential (New-TestCredential) -Endpoint $emulator.Url }
        Reset-EmulatorStats $emulator
        Reset-EmulatorStats $stsEmulator
    }

    # Requests both emulators saw, accepted or refused.
    function Get-RequestCount {
        $count = 0
        foreach ($stats in (Get-EmulatorStats $emulator), (Get-EmulatorStats $stsEmulator)) { $count += $stats.total + $stats.authFailures }
        $count
    }

    # Whether a line of the example runs a command that must reach the service (one under -WhatIf or -SkipValidation need not).
    function Test-SendsRequests([string] $Code) {
        $sending = '(Get|Stop|Remove|Wait)-QianfanBatchTask|Invoke-QianfanConsoleAction|\bConnect-Qianfan'
        @($Code -split "`n" | Where-Object { $_ -match $sending -and $_ -notmatch '-WhatIf|-SkipValidation' }).Count -gt 0
    }

    $script:prelude = @'
param($Keys, $StsToken, $StsEndpoint, $Work, $TaskId)
Set-Location $Work
$credential = [pscredential]::new($Keys.AccessKey, (ConvertTo-SecureString $Keys.SecretKey -AsPlainText -Force))
$taskId = $TaskId
function Get-Credential { param([string] $Message, [string] $UserName) $credential }
function Get-Secret {
    param([string] $Name, [switch] $AsPlainText)
    if ($Name -ne 'QianfanSts') { return $credential }
    # The account that issued temporary keys requires their token.
    $env:QIANFAN_CONSOLE_API_BASE_URL = $StsEndpoint
    [pscustomobject]@{ AccessKeyId = $Keys.AccessKey; SecretAccessKey = $Keys.SecretKey; SessionToken = $StsToken }
}
'@

    # Runs an example's code in a runspace of its own whose host answers every confirmation prompt Yes.
    function Invoke-Example([string] $Code, [string] $Command) {
        $code = $Code -replace [regex]::Escape('https://qianfan.example.internal'), $emulator.Url
        $scriptedHost = [ScriptedHost]::new()
        foreach ($i in 1..200) { $scriptedHost.ScriptedUI.Answers.Enqueue(0) }
        $runspace = [runspacefactory]::CreateRunspace($scriptedHost)
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $taskId = if ($Command -eq 'Remove-QianfanBatchTask') { 'infer-adhoc00001' } else { 'infer-9ia3kc1wt9mp' }
            $null = $ps.AddScript("Import-Module '$(Get-TestModulePath)'").AddStatement().
                AddScript($prelude + "`nif (`$PSStyle) { `$PSStyle.OutputRendering = 'PlainText' }`n& {`n$code`n} 4>&1 | Out-String -Width 300").
                AddArgument($keys).AddArgument($stsToken).AddArgument($stsEmulator.Url).AddArgument($work).AddArgument($taskId)
            $thrown = $null
            $text = try { -join $ps.Invoke() } catch { $thrown = $_.Exception; '' }
            [pscustomobject]@{ Text = $text; Thrown = $thrown; Errors = @($ps.Streams.Error); Prompts = @($scriptedHost.ScriptedUI.Prompts) }
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }

    # The headers of a table, the labels of a list, or the first line of text an output block shows.
    function Get-OutputLandmarks([string[]] $Output) {
        $lines = @($Output | Where-Object { $_.Trim() })
        if ($lines.Count -ge 2 -and $lines[1] -match '^[\s-]+$') { return ($lines[0].Trim() -replace '\s+', ' ') }
        $labels = @($lines | Where-Object { $_ -match '^(\w+)\s+: ' } | ForEach-Object { ($_ -split '\s+:')[0] + ' :' })
        if ($labels.Count -gt 0) { return $labels }
        ($lines[0] -replace '^VERBOSE: ', '').Split('.')[0]
    }
}

AfterAll {
    Disconnect-Qianfan
    Restore-TestEnvironment $savedEnvironment
    Stop-TestEmulator $emulator
    Stop-TestEmulator $stsEmulator
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}

Describe 'Help example <Name>' -ForEach $examples {
    BeforeAll { if (-not $NotRun) { Initialize-ExampleSandbox $Command } }
    AfterAll { Disconnect-Qianfan }

    It 'runs as written, without an error' -Skip:([bool]$NotRun) {
        $run = Invoke-Example $Code $Command

        $run.Thrown | Should -BeNullOrEmpty -Because "$Name should not throw"
        ($run.Errors | Out-String) | Should -BeNullOrEmpty -Because "$Name should write no error"
        if (Test-SendsRequests $Code) { Get-RequestCount | Should -BeGreaterThan 0 -Because "$Name runs a command that asks the service" }
        if ($Output) {
            $flat = $run.Text -replace '\s+', ' '
            foreach ($landmark in Get-OutputLandmarks $Output) {
                $flat | Should -Match ([regex]::Escape(($landmark -replace '\s+', ' '))) -Because "$Name claims output with '$landmark'"
            }
        }
    }
}

Describe 'The advice of an error' {
    It 'for deleting a running task runs as written, against a stop that takes effect later' {
        Initialize-ExampleSandbox 'Remove-QianfanBatchTask'
        $id = 'infer-adhoc00001'

        Remove-QianfanBatchTask -TaskId $id -Force -ErrorVariable refused -ErrorAction SilentlyContinue

        $refused[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskStatus,*'
        $advice = $refused[0].ErrorDetails.RecommendedAction
        $code = $advice.Substring($advice.IndexOf('Stop-QianfanBatchTask'))
        $out = & {
            $ConfirmPreference = 'None' # the advice's Remove asks for confirmation, which a test cannot give
            & ([scriptblock]::Create($code)) 2>&1
        }
        @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        @($out | Where-Object Action -eq 'Delete').TaskId | Should -Be $id
        (Get-EmulatorTasks $emulator).PSObject.Properties.Name | Should -Not -Contain $id
    }
}

Describe 'CSV files the examples write' -ForEach @(@{ Writers = @($examples | Where-Object { $_.Code -match 'Export-Csv' }) }) {
    It 'are written alike by Windows PowerShell 5.1 and PowerShell 7: Export-Csv -NoTypeInformation -Encoding UTF8' {
        $Writers.Count | Should -BeGreaterThan 3
        foreach ($example in $Writers) {
            foreach ($call in [regex]::Matches($example.Code, 'Export-Csv[^|\n]*')) {
                $call.Value | Should -Match '-NoTypeInformation' -Because "$($example.Name) writes a type line on 5.1 otherwise"
                $call.Value | Should -Match '-Encoding UTF8' -Because "$($example.Name) writes ANSI on 5.1 otherwise"
            }
        }
    }
}

Describe 'Marks of examples that do not run' -ForEach @(@{ Marked = @($examples | Where-Object NotRun).Count; Total = @($examples).Count }) {
    It 'are rare: at most two of <Total>' {
        $Marked | Should -BeLessOrEqual 2
        $Total | Should -BeGreaterThan 50
    }
}
