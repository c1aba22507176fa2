#Requires -Modules Pester
# Stop, wait and delete in one pipeline against a service whose stops take effect later (the
# emulator's stop delay); reruns with -IgnoreAlreadyDone; the result objects and their CSV rows.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:QIANFAN_TEST_MODULE -Force
    $script:emulator = Start-TestEmulator -Arguments @('--tasks', '10')
    $script:common = @{ Credential = (New-TestCredential); Endpoint = $script:emulator.Url }
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "qianfan-lifecycle-$PID"
    New-Item -ItemType Directory $script:work -Force | Out-Null

    # Fresh tasks for each test, so that no test depends on what another left behind.
    $script:next = 0
    function New-Tasks([int] $Count, [string] $Status = 'Running') {
        $ids = 1..$Count | ForEach-Object { 'infer-life{0:D4}' -f ++$script:next }
        Set-EmulatorTasks $script:emulator -Tasks ($ids | ForEach-Object { @{ taskId = $_; runStatus = $Status } })
        # An array even for one id, so that $ids[0] is the id and not its first character.
        Write-Output -NoEnumerate ([string[]]$ids)
    }
    function Set-StopDelay([int] $Milliseconds) { $null = Set-EmulatorConfig $script:emulator @{ stopDelayMs = $Milliseconds } }
}

AfterAll {
    Stop-TestEmulator $script:emulator
    Remove-Item $script:work -Recurse -Force -ErrorAction Ignore
}

Describe 'Stop, wait and delete in one pipeline' {
    BeforeEach { Reset-EmulatorStats $script:emulator }
    AfterEach { Set-StopDelay 0 }

    It 'without -Wait, deleting right after a stop the service has not yet carried out fails for every id' {
        Set-StopDelay 600000
        $ids = New-Tasks 6

        $results = @($ids | Stop-QianfanBatchTask @common | Remove-QianfanBatchTask @common -Force -ErrorVariable failures -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 0
        $failures.Count | Should -Be 6
        $failures.TargetObject | Should -Be $ids
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidTaskStatus,*' }
    }

    It 'Stop -Wait | Remove -Force deletes every id once its stop has taken effect' {
        Set-StopDelay 1500
        $ids = New-Tasks 6
        $stopped = [System.Collections.Generic.List[object]]::new()

        $results = @($ids | Stop-QianfanBatchTask @common -Wait |
                ForEach-Object { $stopped.Add($_); $_ } |
                Remove-QianfanBatchTask @common -Force -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $results.TaskId | Should -Be $ids
        $results | ForEach-Object { $_.Action | Should -Be 'Delete'; $_.Status | Should -Be 'Done' }
        $stopped.TaskId | Should -Be $ids
        $stopped | ForEach-Object { $_.RunStatus | Should -Be 'Stopped' -Because 'each result waited for its task to end' }
        $table = Get-EmulatorTasks $script:emulator
        $ids | ForEach-Object { $table.PSObject.Properties[$_] | Should -BeNullOrEmpty }
        $stats = Get-EmulatorStats $script:emulator
        Get-ActionCount $stats 'DeleteBatchInferenceTask' | Should -Be 6
        Get-ActionCount $stats 'DescribeBatchInferenceTask' | Should -BeGreaterOrEqual 6
    }

    It 'Stop -Wait -Timeout gives a WaitTimeout per id that says the stop was accepted, and writes no result' {
        Set-StopDelay 600000
        $ids = New-Tasks 3

        $results = @($ids | Stop-QianfanBatchTask @common -Wait -Timeout 1 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 0
        $failures.TargetObject | Should -Be $ids
        foreach ($failure in $failures) {
            $failure.FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
            $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $failure.ErrorDetails.Message | Should -Match "Stop of task '$($failure.TargetObject)' was accepted \(request id [0-9a-f-]+\)"
            $failure.ErrorDetails.Message | Should -Match 'last seen Running'
            $failure.ErrorDetails.Message | Should -Match 'Wait-QianfanBatchTask'
        }
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'StopBatchInferenceTask' | Should -Be 3
    }

    It '-Timeout without -Wait is refused before any request' {
        $ids = New-Tasks 1
        { $ids | Stop-QianfanBatchTask @common -Timeout 5 -ErrorAction Stop } | Should -Throw -ErrorId 'TimeoutWithoutWait*'
        (Get-EmulatorStats $script:emulator).total | Should -Be 0
    }
}

Describe 'Wait-QianfanBatchTask' {
    BeforeEach { Reset-EmulatorStats $script:emulator }
    AfterEach { Set-StopDelay 0 }

    It 'waits for delayed stops, takes Stop''s results from the pipeline and writes the tasks in input order' {
        Set-StopDelay 1500
        $ids = New-Tasks 5

        $tasks = @($ids | Stop-QianfanBatchTask @common | Wait-QianfanBatchTask @common)

        $tasks.TaskId | Should -Be $ids
        $tasks | ForEach-Object { $_ | Should -BeOfType ([Qianfan.BatchTask]); $_.RunStatus | Should -Be 'Stopped' }
        @($tasks | Remove-QianfanBatchTask @common -Force).Count | Should -Be 5
    }

    It '-Timeout writes the tasks that have ended and gives a per-id WaitTimeout for the others, in input order' {
        Set-StopDelay 600000
        $ended = New-Tasks 2 -Status 'Done'
        $running = New-Tasks 2
        $ids = $running[0], $ended[0], $running[1], $ended[1]

        $tasks = @(Wait-QianfanBatchTask @common -TaskId $ids -Timeout 1 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $tasks.TaskId | Should -Be $ended
        $failures.TargetObject | Should -Be $running
        foreach ($failure in $failures) {
            $failure.FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
            $failure.ErrorDetails.Message | Should -Match "Waiting for task '$($failure.TargetObject)' failed"
            $failure.ErrorDetails.Message | Should -Match 'last seen Running'
            $failure.ErrorDetails.Message | Should -Match '-Timeout'
            $failure.ErrorDetails.RecommendedAction | Should -Match "Wait-QianfanBatchTask -TaskId '$($failure.TargetObject)' -Timeout"
        }
    }

    It 'a task that ends outside -Status is an error at once, not a timeout' {
        $failed = New-Tasks 1 -Status 'Failed'
        $done = New-Tasks 1 -Status 'Done'

        $tasks = @(Wait-QianfanBatchTask @common -TaskId $failed[0], $done[0] -Status Done -Timeout 600 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $tasks.TaskId | Should -Be $done
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be $failed[0]
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'TaskEndedInOtherStatus,*'
        $failures[0].ErrorDetails.Message | Should -Match 'ended as Failed, not as Done'
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DescribeBatchInferenceTask' | Should -Be 2
    }

    It 'an unknown id is a ResourceNotFound error for that id; blank and repeated ids are skipped' {
        $done = New-Tasks 1 -Status 'Stopped'
        $tasks = @($done[0], '', 'infer-nope', $done[0] | Wait-QianfanBatchTask @common -ErrorVariable failures -ErrorAction SilentlyContinue)
        $tasks.TaskId | Should -Be $done
        $failures.TargetObject | Should -Be 'infer-nope'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        $failures[0].ErrorDetails.Message | Should -Match "Waiting for task 'infer-nope' failed"
    }

    It 'under -ErrorAction Stop the first error ends the command' {
        Set-StopDelay 600000
        $running = New-Tasks 1
        $done = New-Tasks 1 -Status 'Done'
        $caught = $null
        try { Wait-QianfanBatchTask @common -TaskId $running[0], $done[0] -Timeout 0 -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $caught.TargetObject | Should -Be $running[0]
        $caught.ErrorDetails.Message | Should -Match 'The run ended here \(-ErrorAction Stop\)'
    }

    It 'a wrong secret key ends the run in one RunStopped error that lists the ids not waited for, in input order' {
        $ids = New-Tasks 40
        $wrong = New-TestCredential -SecretKey 'not-the-secret-key'
        $null = $ids | Wait-QianfanBatchTask -Credential $wrong -Endpoint $script:emulator.Url -ThrottleLimit 2 -ErrorVariable failures -ErrorAction SilentlyContinue
        # The run's closing error is written like the others, so -ErrorVariable keeps it as a record.
        $caught = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'RunStopped*' })[0]

        $caught.FullyQualifiedErrorId | Should -BeLike 'RunStopped*'
        $caught.ErrorDetails.Message | Should -Match 'Wait for batch inference tasks stopped sending'
        $perId = @($failures | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -notlike 'RunStopped*' })
        $perId.Count | Should -BeGreaterOrEqual 3
        $reported = @($perId.TargetObject) + @($caught.TargetObject)
        ($reported -join ',') | Should -Be ($ids -join ',') -Because 'every id comes out once: its own error, or listed as not attempted'
    }

    It 'changes nothing, so it has no -WhatIf or -Confirm, and outputs Qianfan.BatchTask' {
        $command = Get-Command Wait-QianfanBatchTask
        $command.Parameters.Keys | Should -Not -Contain 'WhatIf'
        $command.OutputType.Type | Should -Be ([Qianfan.BatchTask])
        $command.Parameters['Status'].Attributes.ValidValues | Should -Be 'Done', 'Stopped', 'Failed', 'Expired'
    }
}

Describe 'Running a runbook again with -IgnoreAlreadyDone' {
    BeforeEach { Reset-EmulatorStats $script:emulator }

    It 'without the switch, ids already stopped or deleted are errors, as before' {
        $stopped = New-Tasks 1 -Status 'Stopped'
        $gone = 'infer-life-gone-1'

        @($stopped[0], $gone | Stop-QianfanBatchTask @common -ErrorVariable stopFailures -ErrorAction SilentlyContinue).Count | Should -Be 0
        @(Remove-QianfanBatchTask @common -TaskId $gone -Force -ErrorVariable removeFailures -ErrorAction SilentlyContinue).Count | Should -Be 0

        $stopFailures.Count | Should -Be 2
        $stopFailures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskStatus,*'
        $stopFailures[1].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        $removeFailures[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
    }

    It 'a rerun of Stop -Wait | Remove -Force over partly done ids gives results with AlreadyDone and no errors' {
        $ids = New-Tasks 6
        # The first run was interrupted: two ids deleted, two stopped, two not reached.
        $null = $ids[0..1] | Stop-QianfanBatchTask @common | Remove-QianfanBatchTask @common -Force
        $null = $ids[2..3] | Stop-QianfanBatchTask @common
        Reset-EmulatorStats $script:emulator

        $stops = [System.Collections.Generic.List[object]]::new()
        $results = @($ids |
                Stop-QianfanBatchTask @common -Wait -IgnoreAlreadyDone -ErrorVariable stopFailures |
                ForEach-Object { $stops.Add($_); $_ } |
                Remove-QianfanBatchTask @common -Force -IgnoreAlreadyDone -ErrorVariable removeFailures)

        $stopFailures.Count | Should -Be 0
        $removeFailures.Count | Should -Be 0
        $stops.TaskId | Should -Be $ids
        $stops.Status | Should -Be @('AlreadyDone', 'AlreadyDone', 'AlreadyDone', 'AlreadyDone', 'Done', 'Done')
        $stops[0].RunStatus | Should -BeNullOrEmpty
        $stops[0].Detail | Should -Match 'no task has this id'
        $stops[2].RunStatus | Should -Be 'Stopped'
        $stops[2].Detail | Should -Match 'Stopped, not running'
        $results.TaskId | Should -Be $ids
        $results.Status | Should -Be @('AlreadyDone', 'AlreadyDone', 'Done', 'Done', 'Done', 'Done')
        $results[0].Detail | Should -Match 'mistyped'
        $table = Get-EmulatorTasks $script:emulator
        $ids | ForEach-Object { $table.PSObject.Properties[$_] | Should -BeNullOrEmpty }
        $stats = Get-EmulatorStats $script:emulator
        Get-ActionCount $stats 'StopBatchInferenceTask' | Should -Be 6
        Get-ActionCount $stats 'DeleteBatchInferenceTask' | Should -Be 6
    }
}

Describe 'Stop and Remove results as objects' {
    It 'are Qianfan.BatchTaskActionResult objects, declared as such, with a Status enum' {
        $ids = New-Tasks 2
        $result = @(Stop-QianfanBatchTask @common -TaskId $ids[0])[0]

        $result -is [Qianfan.BatchTaskActionResult] | Should -BeTrue
        $result.Status | Should -BeOfType ([Qianfan.BatchTaskActionStatus])
        $result.Status | Should -Be ([Qianfan.BatchTaskActionStatus]::Done)
        $result.Result | Should -BeTrue
        $result.Attempts | Should -Be 1
        $result.Elapsed | Should -BeOfType ([timespan])
        $result.PSObject.TypeNames[0] | Should -Be 'Qianfan.BatchTaskActionResult'
        (Get-Command Stop-QianfanBatchTask).OutputType.Type | Should -Be ([Qianfan.BatchTaskActionResult])
        (Get-Command Remove-QianfanBatchTask).OutputType.Type | Should -Be ([Qianfan.BatchTaskActionResult])

        # The result binds to -TaskId of the next command.
        (@($result | Remove-QianfanBatchTask @common -Force)[0]).TaskId | Should -Be $ids[0]
        ($result | Out-String) | Should -Match "$($ids[0])\s+Stop\s+Done"
    }

    It 'Export-Csv writes one readable audit row per id' {
        $ids = New-Tasks 2
        $file = Join-Path $script:work 'audit.csv'
        $null = Stop-QianfanBatchTask @common -TaskId $ids[1]

        $ids + 'infer-life-never' | Stop-QianfanBatchTask @common -IgnoreAlreadyDone | Export-Csv $file -NoTypeInformation
        $rows = @(Import-Csv $file)

        $rows.Count | Should -Be 3
        $rows[0].PSObject.Properties.Name | Should -Be 'TaskId', 'Action', 'Status', 'RunStatus', 'Result', 'RequestId', 'Attempts', 'Elapsed', 'Detail'
        $rows.TaskId | Should -Be ($ids + 'infer-life-never')
        $rows.Action | Should -Be 'Stop', 'Stop', 'Stop'
        $rows.Status | Should -Be 'Done', 'AlreadyDone', 'AlreadyDone'
        $rows.RunStatus | Should -Be '', 'Stopped', ''
        $rows.Result | Should -Be 'True', 'True', 'True'
        $rows.Attempts | Should -Be '1', '1', '1'
        $rows.Detail[0] | Should -Be ''
        $rows.Detail[1] | Should -Match 'Stopped, not running'
        $rows.Detail[2] | Should -Match 'no task has this id'
        foreach ($row in $rows) {
            $row.RequestId | Should -Match '^[0-9a-f-]{36}$'
            $row.Elapsed | Should -Match '^\d\d:\d\d:\d\d(\.\d+)?$'
            [timespan]::Parse($row.Elapsed, [cultureinfo]::InvariantCulture) | Should -BeOfType ([timespan])
            $row.PSObject.Properties.Value | ForEach-Object { $_ | Should -Not -Match 'System\.|Qianfan\.' }
        }
    }
}
