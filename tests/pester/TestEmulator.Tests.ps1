#Requires -Modules Pester
# The emulator as the Pester helpers start it: its secrets stay out of what other local users see.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments @('--tasks', '3')
    $script:secret = (Get-TestKeys).SecretKey

    # The command line as any local user sees it (ps reads the same).
    function Get-SeenCommandLine([System.Diagnostics.Process] $Process) {
        $proc = "/proc/$($Process.Id)/cmdline"
        if (Test-Path $proc) { return (Get-Content $proc -Raw) -replace "`0", ' ' }
        (Get-CimInstance Win32_Process -Filter "ProcessId = $($Process.Id)").CommandLine
    }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Start-TestEmulator' {
    It 'passes the secret key by environment variable, not on the command line' {
        # Asserted as booleans so that a failure does not print the key.
        $emulator.Process.StartInfo.Arguments.Contains($secret) | Should -BeFalse
        $emulator.Process.StartInfo.Arguments | Should -Not -Match '--secret-key'
        $emulator.Process.StartInfo.Arguments | Should -Match '--access-key'
        $seen = Get-SeenCommandLine $emulator.Process
        $seen | Should -Match 'Qianfan\.Emulator\.dll'
        $seen.Contains($secret) | Should -BeFalse
    }

    It 'still gives an emulator that accepts requests signed with the test keys' {
        $task = Get-QianfanBatchTask -TaskId infer-000001 -Credential (New-TestCredential) -Endpoint $emulator.Url

        $task.TaskId | Should -Be 'infer-000001'
        (Get-EmulatorStats $emulator).authFailures | Should -Be 0
    }

    It 'cannot have its secret key changed through the unsigned config route' {
        $answer = Invoke-TestHttp -Uri "$($emulator.Url)/_emulator/config" -Method Post -Body '{"secretKey":"changed-by-anyone"}'
        $answer.StatusCode | Should -Be 403
        ($answer.Content | ConvertFrom-Json).code | Should -Be 'AccessDenied'
        $config = Invoke-RestMethod -Uri "$($emulator.Url)/_emulator/config"

        ($config | ConvertTo-Json -Compress).Contains($secret) | Should -BeFalse
        (Get-QianfanBatchTask -TaskId infer-000002 -Credential (New-TestCredential) -Endpoint $emulator.Url).TaskId | Should -Be 'infer-000002'
    }
}

Describe 'The environment helpers' {
    BeforeAll {
        $script:names = 'QIANFAN_PESTER_SET', 'QIANFAN_PESTER_UNSET'
        $script:outside = Save-TestEnvironment -Name $names
    }
    BeforeEach {
        $env:QIANFAN_PESTER_SET = 'before'
        Clear-TestEnvironment -Name 'QIANFAN_PESTER_UNSET'
    }
    AfterAll { Restore-TestEnvironment $outside }

    It 'Use-TestEnvironment sets and unsets for the block only, and puts back a set and an unset variable even when the block throws' {
        $seen = Use-TestEnvironment @{ QIANFAN_PESTER_SET = $null; QIANFAN_PESTER_UNSET = 'during' } {
            $env:QIANFAN_PESTER_SET, $env:QIANFAN_PESTER_UNSET
        }
        $seen | Should -Be @($null, 'during')
        { Use-TestEnvironment @{ QIANFAN_PESTER_SET = 'changed' } { throw 'the block failed' } } | Should -Throw 'the block failed'

        $env:QIANFAN_PESTER_SET | Should -Be 'before'
        Test-Path Env:QIANFAN_PESTER_UNSET | Should -BeFalse
    }

    It 'Save-TestEnvironment -Clear unsets what it saves, and Restore-TestEnvironment puts it back as it was' {
        $saved = Save-TestEnvironment -Name $names -Clear
        Test-Path Env:QIANFAN_PESTER_SET | Should -BeFalse
        $env:QIANFAN_PESTER_UNSET = 'set by a test'

        Restore-TestEnvironment $saved

        $env:QIANFAN_PESTER_SET | Should -Be 'before'
        Test-Path Env:QIANFAN_PESTER_UNSET | Should -BeFalse
    }
}
