# Tab completion: -TaskId from the service (with the keys and endpoint the command would use,
# cached briefly, silent when it cannot list), and -Action of Invoke-QianfanConsoleAction.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    # Keys and endpoint must come only from what each test sets up.
    $script:variables = 'QIANFAN_ACCESS_KEY', 'QIANFAN_SECRET_KEY', 'QIANFAN_SECURITY_TOKEN', 'QIANFAN_CONSOLE_API_BASE_URL'
    $script:savedEnvironment = Save-TestEnvironment -Name $variables -Clear
    Disconnect-Qianfan
    $script:cred = New-TestCredential

    # Each emulator has its own port, so completions against it start with an empty cache.
    function New-CompletionEmulator {
        $emulator = Start-TestEmulator -Arguments '--tasks', '0'
        Set-EmulatorTasks $emulator -Replace -Tasks @(
            @{ taskId = 'infer-run01'; name = 'nightly-a'; runStatus = 'Running' }
            @{ taskId = 'infer-run02'; name = 'nightly-b'; runStatus = 'Running' }
            @{ taskId = 'infer-done01'; name = 'adhoc'; runStatus = 'Done' }
            @{ taskId = 'infer-fail01'; name = 'adhoc'; runStatus = 'Failed' }
        )
        Reset-EmulatorStats $emulator
        $emulator
    }

    # The values offered; when a completer offers none, PowerShell falls back to file names, which are left out here.
    function Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | Where-Object ResultType -EQ 'ParameterValue')
    }

    function Get-ListCount($Emulator) { Get-ActionCount (Get-EmulatorStats $Emulator) 'DescribeBatchInferenceTasks' }
}

AfterAll {
    Disconnect-Qianfan
    Restore-TestEnvironment $savedEnvironment
}

Describe '-TaskId completion with -Credential and -Endpoint on the line' {
    BeforeAll { $script:emulator = New-CompletionEmulator }
    AfterAll { Stop-TestEmulator $emulator }

    It 'offers every task to Get-, running ones to Stop- and Wait-, and the others to Remove-QianfanBatchTask' {
        $tail = ' -Credential $cred -Endpoint ' + $emulator.Url + ' -TaskId '

        (Complete ('Get-QianfanBatchTask' + $tail)).CompletionText | Should -Be 'infer-done01', 'infer-fail01', 'infer-run01', 'infer-run02'
        (Complete ('Stop-QianfanBatchTask' + $tail)).CompletionText | Should -Be 'infer-run01', 'infer-run02'
        (Complete ('Wait-QianfanBatchTask' + $tail)).CompletionText | Should -Be 'infer-run01', 'infer-run02'
        (Complete ('Remove-QianfanBatchTask' + $tail)).CompletionText | Should -Be 'infer-done01', 'infer-fail01'
    }

    It 'matches the start of the id in any case, and says what each task is' {
        $matches = Complete ('Get-QianfanBatchTask -Credential $cred -Endpoint ' + $emulator.Url + ' -TaskId INFER-RUN')

        $matches.CompletionText | Should -Be 'infer-run01', 'infer-run02'
        $matches[0].ToolTip | Should -Match 'Running'
        $matches[0].ToolTip | Should -Match 'nightly-a'
    }

}

Describe '-TaskId completion cache' {
    BeforeAll { $script:emulator = New-CompletionEmulator }
    AfterAll { Stop-TestEmulator $emulator }

    It 'lists once for several completions with the same keys, endpoint and command' {
        $line = 'Stop-QianfanBatchTask -Credential $cred -Endpoint ' + $emulator.Url + ' -TaskId infer-run0'

        1..3 | ForEach-Object { (Complete $line).Count | Should -Be 2 }
        (Complete ($line + '1')).CompletionText | Should -Be 'infer-run01'

        Get-ListCount $emulator | Should -Be 1
    }
}

Describe '-TaskId completion from the session and the environment' {
    BeforeAll { $script:emulator = New-CompletionEmulator }
    AfterAll {
        Disconnect-Qianfan
        Stop-TestEmulator $emulator
    }
    AfterEach {
        Disconnect-Qianfan
        Clear-TestEnvironment -Name 'QIANFAN_ACCESS_KEY', 'QIANFAN_SECRET_KEY', 'QIANFAN_CONSOLE_API_BASE_URL'
    }

    It 'uses the keys and endpoint of Connect-Qianfan' {
        Connect-Qianfan -Credential $cred -Endpoint $emulator.Url -SkipValidation

        (Complete 'Remove-QianfanBatchTask -TaskId infer-').CompletionText | Should -Be 'infer-done01', 'infer-fail01'
        Get-ListCount $emulator | Should -Be 1
        $stats = Get-EmulatorStats $emulator
        $stats.authFailures | Should -Be 0
    }

    It 'uses the environment variables' {
        $keys = Get-TestKeys
        $env:QIANFAN_ACCESS_KEY = $keys.AccessKey
        $env:QIANFAN_SECRET_KEY = $keys.SecretKey
        $env:QIANFAN_CONSOLE_API_BASE_URL = $emulator.Url

        (Complete 'Stop-QianfanBatchTask -TaskId infer-').CompletionText | Should -Be 'infer-run01', 'infer-run02'
    }
}

Describe '-TaskId completion when it cannot list' {
    BeforeAll { $script:emulator = New-CompletionEmulator }
    AfterAll { Stop-TestEmulator $emulator }

    It 'offers nothing, sends nothing and reports nothing without keys' {
        $before = $Error.Count

        Complete ('Get-QianfanBatchTask -Endpoint ' + $emulator.Url + ' -TaskId infer-') | Should -BeNullOrEmpty

        (Get-EmulatorStats $emulator).total | Should -Be 0
        $Error.Count | Should -Be $before
    }

    It 'offers nothing and reports nothing when nothing listens at the endpoint' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $closedPort = $listener.LocalEndpoint.Port
        $listener.Stop()
        $before = $Error.Count

        Complete ("Get-QianfanBatchTask -Credential `$cred -Endpoint http://127.0.0.1:$closedPort -TaskId infer-") | Should -BeNullOrEmpty

        $Error.Count | Should -Be $before
    }

    It 'asks once, without retries, when the service fails, and remembers the failure' {
        Set-EmulatorConfig $emulator @{ failRate = 1 } | Out-Null
        try {
            $line = 'Get-QianfanBatchTask -Credential $cred -Endpoint ' + $emulator.Url + ' -TaskId infer-'
            Complete $line | Should -BeNullOrEmpty
            Complete $line | Should -BeNullOrEmpty
        }
        finally {
            Set-EmulatorConfig $emulator @{ failRate = 0 } | Out-Null
        }
        Get-ListCount $emulator | Should -Be 1
        (Get-EmulatorStats $emulator).faults.fail | Should -Be 1
    }

    It 'offers nothing when the keys are refused' {
        $wrong = New-TestCredential -SecretKey 'not-the-secret'
        Complete ('Stop-QianfanBatchTask -Credential $wrong -Endpoint ' + $emulator.Url + ' -TaskId infer-') | Should -BeNullOrEmpty
        (Get-EmulatorStats $emulator).authFailures | Should -BeGreaterThan 0
    }
}

Describe '-Action completion of Invoke-QianfanConsoleAction' {
    It 'offers the batch-inference actions that start with what is typed' {
        (Complete 'Invoke-QianfanConsoleAction -Action Desc').CompletionText |
            Should -Be 'DescribeBatchInferenceModel', 'DescribeBatchInferenceTask', 'DescribeBatchInferenceTasks'
        (Complete 'Invoke-QianfanConsoleAction stop').CompletionText | Should -Be 'StopBatchInferenceTask'
        @(Complete 'Invoke-QianfanConsoleAction -Action ').Count | Should -Be 6
    }

    It 'says what each action takes' {
        (Complete 'Invoke-QianfanConsoleAction -Action StopB')[0].ToolTip | Should -Match 'taskId'
    }

    It 'offers none of them for another route' {
        Complete 'Invoke-QianfanConsoleAction -Route /v2/finetuning -Action Desc' | Should -BeNullOrEmpty
        (Complete 'Invoke-QianfanConsoleAction -Route v2/batchinference -Action Stop').CompletionText | Should -Be 'StopBatchInferenceTask'
    }
}
