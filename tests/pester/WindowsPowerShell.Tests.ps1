#Requires -Modules Pester
# What the module does for Windows PowerShell 5.1 that can be checked on PowerShell 7: TLS left alone
# here, the .NET Framework check before the assemblies load, and a test suite that 5.1 can run.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'WindowsPowerShellSyntax.psm1') -Force
    $script:folder = Get-TestModulePath
    $script:requirements = Join-Path $script:folder 'Qianfan.Requirements.ps1'

    <# The shipped check's decision, taken out of the script so that it can be asked about any edition and release. #>
    function Get-Refusal([string] $Edition, [object] $Release) {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:requirements, [ref] $null, [ref] $null)
        $function = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Get-QianfanFrameworkRefusal' }, $true)
        $function | Should -Not -BeNullOrEmpty -Because 'the check decides in Get-QianfanFrameworkRefusal'
        & ([scriptblock]::Create($function.Body.GetScriptBlock().ToString())) -Edition $Edition -Release $Release
    }
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

Describe '.NET Framework version on Windows PowerShell' {
    It 'is checked by a nested script that runs before the cmdlets are taken from Qianfan.dll' {
        $manifest = Import-PowerShellDataFile (Join-Path $script:folder 'Qianfan.psd1')
        @($manifest.NestedModules)[0] | Should -Be 'Qianfan.Requirements.ps1'
        $manifest.DotNetFrameworkVersion | Should -Be '4.7.2'
        $script:requirements | Should -Exist
    }

    It 'refuses release <_> (older than 4.7.2), saying what is there and what to install' -ForEach @(394802, 460798, 461310) {
        $refusal = Get-Refusal -Edition Desktop -Release $_
        $refusal | Should -Match "release $_"
        $refusal | Should -Match '4\.7\.2 or later'
        $refusal | Should -Match 'Install \.NET Framework 4\.8'
        $refusal | Should -Match 'PowerShell 7\.4'
    }

    It 'accepts release <_> (4.7.2 or later)' -ForEach @(461808, 461814, 528040, 533320) {
        Get-Refusal -Edition Desktop -Release $_ | Should -BeNullOrEmpty
    }

    It 'accepts PowerShell 7 whatever the registry says, and a Windows PowerShell whose release cannot be read' {
        Get-Refusal -Edition Core -Release 394802 | Should -BeNullOrEmpty
        Get-Refusal -Edition Desktop -Release $null | Should -BeNullOrEmpty
    }

    It 'stops the import with its message, and no cmdlet is left, when it refuses' {
        # The shipped module with the check told it runs on Windows PowerShell on .NET Framework 4.6.2.
        $copy = Join-Path $TestDrive 'Qianfan'
        Copy-Item $script:folder $copy -Recurse
        $check = Join-Path $copy 'Qianfan.Requirements.ps1'
        $text = Get-Content $check -Raw
        $text.Contains('-Edition $PSVersionTable.PSEdition -Release $release') | Should -BeTrue
        Set-Content $check ($text.Replace('-Edition $PSVersionTable.PSEdition -Release $release', '-Edition Desktop -Release 394802'))

        $child = Invoke-TestPwsh -Command "try { Import-Module '$copy' -ErrorAction Stop; 'imported' } catch { 'refused: ' + `$_ }; (Get-Command -Module Qianfan).Count"

        $lines = $child.Output -split '\r?\n' | Where-Object { $_ }
        $lines[0] | Should -Match '^refused: The Qianfan module needs \.NET Framework 4\.7\.2 or later'
        $lines[-1] | Should -Be '0'
    }

    It 'lets the import go on when the registry cannot be read' {
        # The Windows PowerShell branch, run here: there is no HKLM: drive, as on a locked-down registry.
        $copy = Join-Path $TestDrive 'unreadable/Qianfan'
        New-Item -ItemType Directory (Split-Path $copy) | Out-Null
        Copy-Item $script:folder $copy -Recurse
        $check = Join-Path $copy 'Qianfan.Requirements.ps1'
        $text = Get-Content $check -Raw
        $text.Contains('if ($PSVersionTable.PSEdition -eq ''Desktop'') {') | Should -BeTrue
        Set-Content $check ($text.Replace('if ($PSVersionTable.PSEdition -eq ''Desktop'') {', 'if ($true) {'))

        $child = Invoke-TestPwsh -Command "Import-Module '$copy' -ErrorAction Stop; (Get-Command -Module Qianfan).Count"

        $child.ExitCode | Should -Be 0 -Because $child.Errors
        [int]($child.Output -split '\r?\n' | Where-Object { $_ } | Select-Object -Last 1) | Should -BeGreaterThan 0
    }

    It 'leaves nothing of the check in the session that imports the module' {
        $child = Invoke-TestPwsh -Command "Import-Module '$script:folder'; [bool](Get-Command Get-QianfanFrameworkRefusal -ErrorAction SilentlyContinue); [bool](Get-Variable refusal, release -ErrorAction SilentlyContinue); (Get-Module).Name -join ','"
        $child.ExitCode | Should -Be 0 -Because $child.Errors
        $lines = $child.Output -split '\r?\n' | Where-Object { $_ }
        $lines[0] | Should -Be 'False'
        $lines[1] | Should -Be 'False'
        $lines[2].Split(',') | Should -Not -Contain 'Qianfan.Requirements'
    }
}

Describe 'The test suite on Windows PowerShell 5.1' {
    It 'uses no syntax, variable, member, command or parameter only PowerShell 7 has' {
        # The suite's own scripts, its runner, and the build helpers Package.Tests.ps1 imports.
        $scripts = @(Get-ChildItem $PSScriptRoot -Include '*.ps1', '*.psm1' -Recurse | ForEach-Object FullName) +
            (Join-Path $PSScriptRoot '../Invoke-PesterSuite.ps1') + (Join-Path $PSScriptRoot '../../tools/BuildTools.psm1')
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
