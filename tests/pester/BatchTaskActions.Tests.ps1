#Requires -Modules Pester
# Stop-QianfanBatchTask and Remove-QianfanBatchTask, driven against the emulator through the built module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:QIANFAN_TEST_MODULE -Force
    $script:emulator = Start-TestEmulator -Arguments @('--tasks', '1500', '--seed', '11')
    $keys = Get-TestKeys
    $script:savedEnvironment = Save-TestEnvironment -Name 'QIANFAN_ACCESS_KEY', 'QIANFAN_SECRET_KEY', 'QIANFAN_SECURITY_TOKEN', 'QIANFAN_CONSOLE_API_BASE_URL'
    $env:QIANFAN_ACCESS_KEY = $keys.AccessKey
    $env:QIANFAN_SECRET_KEY = $keys.SecretKey
    $env:QIANFAN_CONSOLE_API_BASE_URL = $script:emulator.Url
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "qianfan-pester-$PID"
    New-Item -ItemType Directory $script:work -Force | Out-Null

    function Get-Ids([int] $From, [int] $Count) { $From..($From + $Count - 1) | ForEach-Object { 'infer-{0:D6}' -f $_ } }
    function Set-Running([string[]] $Ids) { Set-EmulatorTasks $script:emulator -Tasks ($Ids | ForEach-Object { @{ taskId = $_; runStatus = 'Running' } }) }
    function Set-Stopped([string[]] $Ids) { Set-EmulatorTasks $script:emulator -Tasks ($Ids | ForEach-Object { @{ taskId = $_; runStatus = 'Stopped' } }) }
}

AfterAll {
    Stop-TestEmulator $script:emulator
    Restore-TestEnvironment $script:savedEnvironment
    Remove-Item $script:work -Recurse -Force -ErrorAction Ignore
}

Describe 'Result tables show no column that is always empty' {
    It 'a plain stop and a delete show no RunStatus column; Stop -Wait and -IgnoreAlreadyDone show it filled' {
        $ids = Get-Ids 1401 4
        Set-Running $ids[0], $ids[1]
        Set-Stopped $ids[2], $ids[3]

        $plain = @(Stop-QianfanBatchTask $ids[0])
        $waited = @(Stop-QianfanBatchTask $ids[1] -Wait)
        $already = @(Stop-QianfanBatchTask $ids[2] -IgnoreAlreadyDone)
        $removed = @(Remove-QianfanBatchTask $ids[3] -Force)

        foreach ($result in $plain + $waited + $already + $removed) { $result -is [Qianfan.BatchTaskActionResult] | Should -BeTrue }
        ($plain | Out-String) | Should -Not -Match 'RunStatus'
        ($removed | Out-String) | Should -Not -Match 'RunStatus'
        ($waited | Out-String) | Should -Match "TaskId\s+Action\s+Status\s+RunStatus\s+RequestId\s+-+.*\s+$($ids[1])\s+Stop\s+Done\s+Stopped"
        ($already | Out-String) | Should -Match "$($ids[2])\s+Stop\s+AlreadyDone\s+Stopped"
        # The shown type name does not get in the way of piping a result on.
        @($waited | Remove-QianfanBatchTask -Force).TaskId | Should -Be $ids[1]
    }
}

Describe 'Stop-QianfanBatchTask input' {
    BeforeEach { Reset-EmulatorStats $script:emulator }

    It 'stops 1,000 ids piped from a CRLF file with blank lines and trailing spaces, once each, in order' {
        $ids = Get-Ids 1 1000
        $lines = foreach ($id in $ids) { $id + ('', ' ', "`t  ")[[int]($id[-1]) % 3]; if ($id.EndsWith('7')) { '' } }
        $file = Join-Path $script:work 'ids.txt'
        [IO.File]::WriteAllText($file, ($lines -join "`r`n") + "`r`n`r`n")

        $results = @(Get-Content $file | Stop-QianfanBatchTask)

        $results.Count | Should -Be 1000
        $results.TaskId | Should -Be $ids
        $results | ForEach-Object { $_.Action | Should -Be 'Stop'; $_.Result | Should -BeTrue; $_.RequestId | Should -Not -BeNullOrEmpty }
        $results[0].PSObject.TypeNames[0] | Should -Be 'Qianfan.BatchTaskActionResult'
        ($results.RequestId | Sort-Object -Unique).Count | Should -Be 1000
        $stats = Get-EmulatorStats $script:emulator
        Get-ActionCount $stats 'StopBatchInferenceTask' | Should -Be 1000
        foreach ($id in $ids[0, 1, 499, 999]) { $stats.byId.$id.StopBatchInferenceTask | Should -Be 1 }
        $table = Get-EmulatorTasks $script:emulator
        ($ids | Where-Object { $table.$_ -ne 'Stopped' }).Count | Should -Be 0
    }

    It 'binds Import-Csv rows by property name, with TaskId or taskId headers' {
        $ids = Get-Ids 1001 3
        $csv = Join-Path $script:work 'upper.csv'
        "TaskId,Owner`r`n$($ids[0]),ops`r`n$($ids[1]),ops`r`n" | Set-Content $csv -NoNewline
        $lower = Join-Path $script:work 'lower.csv'
        "taskId,name`n$($ids[2]),x`n" | Set-Content $lower -NoNewline

        $results = @(Import-Csv $csv | Stop-QianfanBatchTask) + @(Import-Csv $lower | Stop-QianfanBatchTask)

        $results.TaskId | Should -Be $ids
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'StopBatchInferenceTask' | Should -Be 3
    }

    It 'takes -TaskId a,b,c without the pipeline, and the Id alias' {
        $ids = Get-Ids 1004 4
        $results = @(Stop-QianfanBatchTask -TaskId $ids[0], $ids[1], $ids[2]) + @(Stop-QianfanBatchTask -Id $ids[3])
        $results.TaskId | Should -Be $ids
    }

    It 'acts once on a repeated id and reports an invalid id without sending anything for it' {
        $ids = Get-Ids 1008 2
        $given = @($ids[0], "bad id", $ids[0], ('x' * 129), "infer-`a1", $ids[1], " $($ids[1]) ")
        $results = @($given | Stop-QianfanBatchTask -ErrorVariable failures -ErrorAction SilentlyContinue)

        $results.TaskId | Should -Be $ids
        $failures.Count | Should -Be 3
        $failures.TargetObject | Should -Be @('bad id', ('x' * 129), "infer-`a1")
        $failures | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'InvalidTaskId,*'
            $_.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $_.ToString() | Should -Match 'No request was sent'
        }
        $stats = Get-EmulatorStats $script:emulator
        $stats.total | Should -Be 2
    }
}

Describe 'Remove-QianfanBatchTask confirmation' {
    BeforeEach { Reset-EmulatorStats $script:emulator }

    It '-WhatIf sends no request at all, even with -Force' {
        $ids = Get-Ids 1100 5
        Set-Stopped $ids
        $output = @($ids | Remove-QianfanBatchTask -WhatIf) + @(Remove-QianfanBatchTask -TaskId $ids -WhatIf -Force)
        $output.Count | Should -Be 0
        $stats = Get-EmulatorStats $script:emulator
        Get-ActionCount $stats 'DeleteBatchInferenceTask' | Should -Be 0
        $stats.total | Should -Be 0
    }

    It '$WhatIfPreference also sends nothing' {
        $ids = Get-Ids 1105 2
        Set-Stopped $ids
        & { $WhatIfPreference = $true; $ids | Remove-QianfanBatchTask -Force }
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DeleteBatchInferenceTask' | Should -Be 0
    }

    It 'deletes without prompting with <Switch> when $ConfirmPreference is <Preference>' -ForEach @(
        @{ Switch = '-Force'; Preference = 'High' }
        @{ Switch = '-Force'; Preference = 'Low' }
        @{ Switch = '-Confirm:$false'; Preference = 'High' }
        @{ Switch = '-Confirm:$false'; Preference = 'Low' }
    ) {
        $ids = Get-Ids (1110 + 3 * [array]::IndexOf(@('-Force|High', '-Force|Low', '-Confirm:$false|High', '-Confirm:$false|Low'), "$Switch|$Preference")) 3
        Set-Stopped $ids
        $command = if ($Switch -eq '-Force') { { $ids | Remove-QianfanBatchTask -Force } } else { { $ids | Remove-QianfanBatchTask -Confirm:$false } }
        $results = & { $ConfirmPreference = $Preference; & $command }
        $results.TaskId | Should -Be $ids
        $results | ForEach-Object { $_.Action | Should -Be 'Delete' }
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DeleteBatchInferenceTask' | Should -Be 3
        $table = Get-EmulatorTasks $script:emulator
        $ids | ForEach-Object { $table.PSObject.Properties[$_] | Should -BeNullOrEmpty }
    }

    It 'asks for confirmation by default (High impact), and a host that cannot ask sends nothing' {
        $ids = Get-Ids 1130 1
        Set-Stopped $ids
        # The suite runs in a non-interactive PowerShell, which cannot show the prompt.
        { $ids | Remove-QianfanBatchTask -ErrorAction Stop } | Should -Throw -ErrorId 'ConfirmationNotPossible,*'
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DeleteBatchInferenceTask' | Should -Be 0
    }

    It 'Stop supports -WhatIf too' {
        $ids = Get-Ids 1131 2
        @(Stop-QianfanBatchTask -TaskId $ids -WhatIf).Count | Should -Be 0
        (Get-EmulatorStats $script:emulator).total | Should -Be 0
    }
}

Describe 'Per-id errors' {
    BeforeEach {
        Reset-EmulatorStats $script:emulator
        $null = Set-EmulatorConfig $script:emulator @{ failRate = 0; throttleRate = 0; resetRate = 0; latencyMs = 0 }
    }

    It 'an unknown id is a not-found error and the other ids go on' {
        $ids = Get-Ids 1200 2
        $results = @(Stop-QianfanBatchTask -TaskId $ids[0], 'infer-nope', $ids[1] -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.TaskId | Should -Be $ids
        $failures.Count | Should -Be 1
        $e = $failures[0]
        $e.TargetObject | Should -Be 'infer-nope'
        $e.FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.Exception.RequestId | Should -Not -BeNullOrEmpty
        $message = $e.ToString()
        $message | Should -Match 'ResourceNotFound'
        $message | Should -Match 'HTTP status 404'
        $message | Should -Match ([regex]::Escape($e.Exception.RequestId))
        $e.ErrorDetails.RecommendedAction | Should -Match 'Get-QianfanBatchTask'
    }

    It 'deleting a running task says to stop it first, with the exact command' {
        $ids = Get-Ids 1210 2
        Set-Running $ids[0]
        Set-Stopped $ids[1]
        $results = @(Remove-QianfanBatchTask -TaskId $ids -Force -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.TaskId | Should -Be $ids[1]
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be $ids[0]
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskStatus,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failures[0].ErrorDetails.RecommendedAction | Should -BeLike "*Stop-QianfanBatchTask -TaskId '$($ids[0])'*"
    }

    It 'a wrong secret key is a signature error for every id, naming where keys come from' {
        $ids = Get-Ids 1220 3
        $bad = New-TestCredential -SecretKey 'not-the-secret'
        $results = @(Stop-QianfanBatchTask -TaskId $ids -Credential $bad -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.Count | Should -Be 0
        $failures.Count | Should -Be 3
        $failures.TargetObject | Should -Be $ids
        $failures | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'SignatureDoesNotMatch,*'
            $_.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $_.ErrorDetails.RecommendedAction | Should -Match 'QIANFAN_SECRET_KEY'
        }
        (Get-EmulatorTasks $script:emulator).($ids[0]) | Should -Be 'Running'
    }

    It 'a clock far from the service''s is corrected from its Date header, once' {
        $ids = Get-Ids 1230 3
        $null = Set-EmulatorConfig $script:emulator @{ clockOffsetSec = 7200 }
        try {
            $results = @(Stop-QianfanBatchTask -TaskId $ids -ThrottleLimit 1)
        }
        finally {
            $null = Set-EmulatorConfig $script:emulator @{ clockOffsetSec = 0 }
        }
        $results.TaskId | Should -Be $ids
        (Get-EmulatorStats $script:emulator).authFailures | Should -Be 1
        # The correction holds for the session; when the service's clock moves back, it follows again.
        @(Stop-QianfanBatchTask -TaskId (Get-Ids 1233 1)).Count | Should -Be 1
        (Get-EmulatorStats $script:emulator).authFailures | Should -Be 2
    }

    It 'a request the service finds expired, even after correcting the clock, is an error for that id' {
        # With no tolerance every signature is stale when it is checked, whatever the clocks say: it is
        # checked after it was made (however fast the service), and its timestamp is cut to whole seconds.
        # A correction from the Date header cannot help, so the module corrects once, tries once more, and
        # then reports the id: exactly two refusals, and the error names the clock.
        $null = Set-EmulatorConfig $script:emulator @{ maxSkewSec = 0 }
        $before = (Get-EmulatorStats $script:emulator).authFailures
        try {
            $results = @(Stop-QianfanBatchTask -TaskId (Get-Ids 1240 1) -ErrorVariable failures -ErrorAction SilentlyContinue)
        }
        finally {
            $null = Set-EmulatorConfig $script:emulator @{ maxSkewSec = 300 }
        }
        # The first attempt, then one more after correcting the clock, and no further retries.
        (Get-EmulatorStats $script:emulator).authFailures - $before | Should -Be 2
        $results.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RequestExpired,*'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'clock'
    }

    It 'a service 500 after the retry budget is an error for that id; the others are unaffected' {
        $ids = Get-Ids 1250 4
        $null = Set-EmulatorConfig $script:emulator @{ failRate = 1.0 }
        try {
            $results = @(Stop-QianfanBatchTask -TaskId $ids -MaxRetryCount 1 -ErrorVariable failures -ErrorAction SilentlyContinue)
        }
        finally {
            $null = Set-EmulatorConfig $script:emulator @{ failRate = 0 }
        }
        $results.Count | Should -Be 0
        $failures.TargetObject | Should -Be $ids
        $failures | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'InternalError,*'
            $_.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $_.ToString() | Should -Match 'HTTP status 500'
        }
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'StopBatchInferenceTask' | Should -Be 8
        @(Stop-QianfanBatchTask -TaskId $ids).Count | Should -Be 4
    }

    It '-ErrorAction Stop ends the run at the first failed id and try/catch catches it' {
        $ids = Get-Ids 1260 3
        $caught = $null
        $got = [System.Collections.Generic.List[object]]::new()
        try {
            Stop-QianfanBatchTask -TaskId $ids[0], 'infer-missing', $ids[1], $ids[2] -ThrottleLimit 1 -ErrorAction Stop | ForEach-Object { $got.Add($_) }
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        @($caught.TargetObject)[0] | Should -Be 'infer-missing'
        $caught.FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        # Ids sent before the run stopped are written before the error; the rest are not sent.
        $stats = Get-EmulatorStats $script:emulator
        $acted = @($ids | Where-Object { $stats.byId.PSObject.Properties[$_] })
        $got.TaskId | Should -Be $acted
        @($caught.TargetObject) | Should -Be @(@('infer-missing') + @($ids | Where-Object { $_ -notin $acted })) -Because 'the error lists every id not done, in input order'
        @($got.TaskId)[0] | Should -Be $ids[0]
    }

    It '$ErrorActionPreference = Stop behaves the same' {
        $caught = $null
        try {
            & { $ErrorActionPreference = 'Stop'; Stop-QianfanBatchTask -TaskId 'infer-absent' }
        }
        catch {
            $caught = $_
        }
        $caught.TargetObject | Should -Be 'infer-absent'
        $caught.FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
    }

    It 'without any keys, one terminating error before any request names every way to supply them' {
        Use-TestEnvironment @{ QIANFAN_ACCESS_KEY = $null; QIANFAN_SECRET_KEY = $null } {
            { Stop-QianfanBatchTask -TaskId (Get-Ids 1270 2) -ErrorAction Continue } | Should -Throw -ExpectedMessage '*-Credential*Connect-Qianfan*QIANFAN_ACCESS_KEY*QIANFAN_SECRET_KEY*'
        }
        (Get-EmulatorStats $script:emulator).total | Should -Be 0
    }

    It 'refuses plain http to a host that is not loopback before any request' {
        { Stop-QianfanBatchTask -TaskId 'infer-000001' -Endpoint 'http://qianfan.baidubce.com' } | Should -Throw -ExpectedMessage '*loopback*'
        (Get-EmulatorStats $script:emulator).total | Should -Be 0
    }
}

Describe 'Secrets stay out of every stream' {
    It 'no secret key, signature, signing key or token appears with -Verbose -Debug, in success or failure' {
        $token = 'STS-token-value-7Hq2/abc=='
        $keys = Get-TestKeys
        # An emulator's token is fixed when it starts, so this test has one of its own.
        $tokenEmulator = Start-TestEmulator -SecurityToken $token
        $saved = Save-TestEnvironment -Name 'QIANFAN_SECURITY_TOKEN', 'QIANFAN_CONSOLE_API_BASE_URL'
        $env:QIANFAN_SECURITY_TOKEN = $token
        $env:QIANFAN_CONSOLE_API_BASE_URL = $tokenEmulator.Url
        try {
            $ids = Get-Ids 1300 3
            Set-EmulatorTasks $tokenEmulator -Tasks @(
                @{ taskId = $ids[0]; runStatus = 'Running' }, @{ taskId = $ids[1]; runStatus = 'Running' }, @{ taskId = $ids[2]; runStatus = 'Stopped' })
            $all = & {
                $DebugPreference = 'Continue'
                Stop-QianfanBatchTask -TaskId $ids[0], 'infer-unknown' -Verbose -Debug -ErrorAction Continue
                Stop-QianfanBatchTask -TaskId $ids[1] -Credential (New-TestCredential -SecretKey 'wrong-secret-xyz') -Verbose -Debug -ErrorAction Continue
                Remove-QianfanBatchTask -TaskId $ids[2] -Force -Verbose -Debug
                $null = Set-EmulatorConfig $tokenEmulator @{ failRate = 1.0 }
                Stop-QianfanBatchTask -TaskId $ids[0] -MaxRetryCount 1 -Verbose -Debug -ErrorAction Continue
            } *>&1
        }
        finally {
            Stop-TestEmulator $tokenEmulator
            Restore-TestEnvironment $saved
        }
        $text = ($all | ForEach-Object {
                $_ | Out-String
                if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString(); $_.ErrorDetails | Out-String }
            }) -join "`n"
        # The run did produce verbose, debug, output and error records to search.
        $all.Where({ $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 3
        $all.Where({ $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterThan 3
        $all.Where({ $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterThan 1
        $text | Should -Match 'canonical request'
        $text | Should -Not -Match ([regex]::Escape($keys.SecretKey))
        $text | Should -Not -Match 'wrong-secret-xyz'
        $text | Should -Not -Match ([regex]::Escape($token))
        $text | Should -Not -Match ([regex]::Escape([uri]::EscapeDataString($token)))
        $text | Should -Not -Match 'bce-auth-v1/'
        # Signatures and signing keys are 64 hex digits.
        $text | Should -Not -Match '[0-9a-f]{64}'
    }
}
