#Requires -Modules Pester
# What the module does for Windows PowerShell 5.1 that can be checked on PowerShell 7: TLS left alone
# here, and a test suite that 5.1 can run.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'WindowsPowerShellSyntax.psm1') -Force
    $script:folder = Get-TestModulePath
}

Describe 'TLS on import' {
    It 'on PowerShell 7 leaves the process''s protocols as they were' {
        # Tls11 (768) is what no import would choose: if it is still there alone, nothing was added or taken.
        $child = Invoke-TestPwsh -Command "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]768; Import-Module '$script:folder'; [int][Net.ServicePointManager]::SecurityProtocol; (Get-Command -Module Qianfan).Count"
        $child.ExitCode | Should -Be 0 -Because $child.Errors
        $lines = $child.Output -split '\r?\n' | Where-Object { $_ }
        $lines[0] | Should -Be '768'
        [int]$lines[1] | Should -BeGreaterThan 0
    }
}

Describe 'The test suite on Windows PowerShell 5.1' {
    It 'uses no syntax, variable, member, command or parameter only PowerShell 7 has' {
        $scripts = @(Get-ChildItem $PSScriptRoot -Include '*.ps1', '*.psm1' -Recurse | ForEach-Object FullName) + (Join-Path $PSScriptRoot '../Invoke-PesterSuite.ps1')
        $scripts.Count | Should -BeGreaterThan 10
        $found = Find-WindowsPowerShellIncompatibility -Path $scripts | ForEach-Object { "$(Split-Path -Leaf $_.Source):$($_.Line): $($_.Why)" }
        $found | Should -BeNullOrEmpty
    }

    It 'finds <Why> in <Script>' -ForEach @(
        @{ Script = '$a = $b ? 1 : 2'; Why = 'a ternary' }
        @{ Script = '$a = $b ?? 1'; Why = 'the null-coalescing operator' }
        @{ Script = '$a ??= 1'; Why = 'the null-coalescing assignment' }
        @{ Script = '${a}?.Length'; Why = 'null-conditional' }
        @{ Script = 'git status && git log'; Why = 'a pipeline chain' }
        @{ Script = 'if ($IsWindows) { 1 }'; Why = '\$IsWindows' }
        @{ Script = '$start.ArgumentList.Add("x")'; Why = 'ProcessStartInfo.ArgumentList' }
        @{ Script = 'Invoke-RestMethod -Uri $u -SkipHttpErrorCheck'; Why = 'SkipHttpErrorCheck' }
        @{ Script = 'Invoke-WebRequest -Uri $u'; Why = 'UseBasicParsing' }
        @{ Script = '$j | ConvertFrom-Json -AsHashtable'; Why = 'AsHashtable' }
        @{ Script = '1..3 | ForEach-Object -Parallel { $_ }'; Why = 'Parallel' }
        @{ Script = 'Join-Path a b c'; Why = 'more than one child path' }
        @{ Script = 'Set-Content x.txt -Encoding utf8NoBOM -Value 1'; Why = 'utf8NoBOM' }
        @{ Script = 'Get-Error'; Why = 'Get-Error' }
    ) {
        $found = @(Find-WindowsPowerShellIncompatibility -Script $Script)
        ($found.Why -join '; ') | Should -Match $Why
    }

    It 'finds nothing in what 5.1 runs: <_>' -ForEach @(
        '$a = if ($b) { 1 } else { 2 }'
        '"a ?? b and $x ? y" | Out-Null'
        'Invoke-WebRequest -Uri $u -UseBasicParsing'
        'Join-Path $PSScriptRoot ''x.psm1'''
        'if ($PSStyle) { $PSStyle.OutputRendering = ''PlainText'' }'
    ) {
        Find-WindowsPowerShellIncompatibility -Script $_ | Should -BeNullOrEmpty
    }

    It 'starts a child process with each argument as given, without ProcessStartInfo.ArgumentList' {
        $echo = Join-Path $TestDrive 'echo.ps1'
        Set-Content $echo '$args | ForEach-Object { "<$_>" }'
        $given = @('a b', '', 'q"x', 'tail\', 'c:\dir\ x', "it's")
        $powershell = Get-TestPowerShell
        $start = New-TestProcessStartInfo $powershell.Path ($powershell.Prefix + @('-NoProfile', '-NonInteractive', '-File', $echo) + $given)
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit(60000) | Should -BeTrue

        @($output -split '\r?\n' | Where-Object { $_ }) | Should -Be @($given | ForEach-Object { "<$_>" })
    }
}
