# Get-QianfanBatchTask against the emulator: listing over pages, streaming, describing by id,
# the output type and view, and the Get | Stop | Get | Remove pipeline.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $pagingShapes = Get-PagingShapes
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
    $script:emulator = Start-TestEmulator
    $script:c = @{ Credential = New-TestCredential; Endpoint = $emulator.Url }
    $script:statusCycle = 'Running', 'Done', 'Stopped', 'Failed', 'Expired'

    # 250 tasks, statuses in turn: 50 of each.
    function Set-ListingTable {
        $tasks = foreach ($i in 1..250) { @{ taskId = 'infer-list{0:D4}' -f $i; runStatus = $statusCycle[$i % 5] } }
        Set-EmulatorTasks $emulator -Tasks $tasks -Replace
    }

    function Get-ListCount { Get-ActionCount (Get-EmulatorStats $emulator) 'DescribeBatchInferenceTasks' }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Get-QianfanBatchTask listing (<Paging> paging)' -ForEach $pagingShapes {
    BeforeAll {
        Set-EmulatorPaging $emulator $Paging
        Set-ListingTable
    }
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'lists each of 250 tasks once over three pages of 100' {
        $tasks = @(Get-QianfanBatchTask @c -PageSize 100)

        $tasks.Count | Should -Be 250
        @($tasks.TaskId | Sort-Object -Unique).Count | Should -Be 250
        $table = (Get-EmulatorTasks $emulator).PSObject.Properties.Name
        Compare-Object $table $tasks.TaskId | Should -BeNullOrEmpty
        Get-ListCount | Should -Be 3
    }

    It 'asks for 100 tasks a page when no page size is given' {
        @(Get-QianfanBatchTask @c).Count | Should -Be 250
        Get-ListCount | Should -Be 3
    }

    It 'filters by one status over several pages' {
        $tasks = @(Get-QianfanBatchTask @c -Status Stopped -PageSize 20)

        $tasks.Count | Should -Be 50
        $tasks.RunStatus | Sort-Object -Unique | Should -Be 'Stopped'
        @($tasks.TaskId | Sort-Object -Unique).Count | Should -Be 50
        Get-ListCount | Should -Be 3
    }

    It 'filters by several statuses, each task once' {
        $tasks = @(Get-QianfanBatchTask @c -Status Running, Failed -PageSize 40)

        $table = Get-EmulatorTasks $emulator
        $expected = @($table.PSObject.Properties | Where-Object Value -in 'Running', 'Failed' | ForEach-Object Name)
        $expected.Count | Should -Be 100
        Compare-Object $expected $tasks.TaskId | Should -BeNullOrEmpty
        @($tasks.TaskId | Sort-Object -Unique).Count | Should -Be 100
        Get-ListCount | Should -Be 3
    }

    It 'accepts a status in any case' {
        @(Get-QianfanBatchTask @c -Status expired).Count | Should -Be 50
    }

    It 'stops paging at once when Select-Object -First 3 has its tasks: one list request' {
        $first = @(Get-QianfanBatchTask @c -PageSize 100 | Select-Object -First 3)

        $first.Count | Should -Be 3
        Get-ListCount | Should -Be 1
    }

    It 'streams: with pages of 2, the third task ends the run after the second page' {
        $first = @(Get-QianfanBatchTask @c -PageSize 2 | Select-Object -First 3)

        $first.TaskId | Should -Be 'infer-list0001', 'infer-list0002', 'infer-list0003'
        Get-ListCount | Should -Be 2
    }

    It 'refuses an unknown status before any request' {
        { Get-QianfanBatchTask @c -Status Paused } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }

    It 'refuses a page size the service does not take' {
        { Get-QianfanBatchTask @c -PageSize 101 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }

    It 'tab-completes every status' {
        $line = 'Get-QianfanBatchTask -Status '
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Sort-Object | Should -Be 'Done', 'Expired', 'Failed', 'Running', 'Stopped'
    }

    It 'reports a failed page as an error naming the service code, after the tasks already listed' {
        Set-EmulatorConfig $emulator @{ failRate = 1 } | Out-Null
        try {
            $tasks = @(Get-QianfanBatchTask @c -MaxRetryCount 0 -ErrorVariable failed -ErrorAction SilentlyContinue)
        }
        finally {
            Set-EmulatorConfig $emulator @{ failRate = 0 } | Out-Null
        }
        $tasks.Count | Should -Be 0
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InternalError,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        Get-ListCount | Should -Be 1
    }
}

Describe 'Get-QianfanBatchTask output' {
    BeforeAll {
        Set-ListingTable
        $script:task = Get-QianfanBatchTask @c -TaskId 'infer-list0001'
    }

    It 'is a Qianfan.BatchTask' {
        $task.PSObject.TypeNames[0] | Should -Be 'Qianfan.BatchTask'
        (Get-Command Get-QianfanBatchTask).OutputType.Name | Should -Contain 'Qianfan.BatchTask'
    }

    It 'has the service fields as PascalCase properties, dates as DateTime' {
        $task.TaskId | Should -Be 'infer-list0001'
        $task.RunStatus | Should -Be 'Done'
        $task.Name | Should -Be 'task-infer-list0001'
        $task.CreateTime | Should -BeOfType [datetime]
        $task.CreateTime.Kind | Should -Be 'Local'
        $task.CreateTimeUtc.Kind | Should -Be 'Utc'
        $task.CreateTimeUtc | Should -Be $task.CreateTime.ToUniversalTime()
        $task.FinishTime | Should -BeOfType [datetime]
        $task.FinishTime.Kind | Should -Be 'Local'
        $task.FinishTimeUtc | Should -Be $task.FinishTime.ToUniversalTime()
        $task.Progress | Should -Be 100
        $task.InferenceParams.temperature | Should -Be 0.8
        foreach ($name in 'TaskId', 'Name', 'Description', 'Endpoint', 'RunStatus', 'InferenceParams', 'InputBosUri', 'OutputBosUri',
            'OutputDir', 'Progress', 'CreateTime', 'FinishTime', 'InputTokenUsage', 'OutputTokenUsage', 'Creator') {
            $task.PSObject.Properties.Name | Should -Contain $name
        }
    }

    It 'shows a table headed by the names of the properties it shows' {
        $text = $task | Out-String -Width 120
        $header = ($text -split "`n" | Where-Object { $_ -match '\S' } | Select-Object -First 1) -split '\s+' | Where-Object { $_ }
        $header | Should -Be 'TaskId', 'Name', 'RunStatus', 'Progress', 'CreateTime'
        foreach ($name in $header) { $task.PSObject.Properties.Name | Should -Contain $name }
        $text | Should -Match "infer-list0001\s+task-infer-list\S*\s+Done\s+100%\s+$([regex]::Escape($task.CreateTime.ToString()))"
        @($task | Where-Object RunStatus -EQ 'Done').Count | Should -Be 1
    }

    It 'fits the table in an 80-column console' {
        $lines = ($task | Out-String -Width 80) -split "`n" | Where-Object { $_ -match '\S' }
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessThan 80 }
        $lines[0] | Should -Match 'CreateTime$'
        $lines[2] | Should -Match "$([regex]::Escape($task.CreateTime.ToString()))$"
    }
}

Describe 'Get-QianfanBatchTask by id' {
    BeforeAll { Set-ListingTable }
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'an empty -TaskId describes nothing and sends nothing' {
        @(Get-QianfanBatchTask @c -TaskId @() -ErrorVariable failures).Count | Should -Be 0
        $failures.Count | Should -Be 0
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }

    It 'describes ids given as a parameter, piped as strings, and piped as objects with TaskId' {
        @(Get-QianfanBatchTask @c -TaskId infer-list0001, infer-list0002).TaskId | Should -Be 'infer-list0001', 'infer-list0002'
        @('infer-list0003', 'infer-list0004' | Get-QianfanBatchTask @c).TaskId | Should -Be 'infer-list0003', 'infer-list0004'
        @([pscustomobject]@{ TaskId = 'infer-list0005' } | Get-QianfanBatchTask @c).TaskId | Should -Be 'infer-list0005'
        @([pscustomobject]@{ Id = 'infer-list0006' } | Get-QianfanBatchTask @c).TaskId | Should -Be 'infer-list0006'

        $stats = Get-EmulatorStats $emulator
        Get-ActionCount $stats 'DescribeBatchInferenceTask' | Should -Be 6
        Get-ActionCount $stats 'DescribeBatchInferenceTasks' | Should -Be 0
    }

    It 'describes many ids concurrently and still writes them in input order' {
        $ids = 1..60 | ForEach-Object { 'infer-list{0:D4}' -f $_ }
        [array]::Reverse($ids)
        $null = Set-EmulatorConfig $emulator @{ latencyMs = 40 }
        try {
            $tasks = @($ids | Get-QianfanBatchTask @c -ThrottleLimit 8)
        }
        finally {
            $null = Set-EmulatorConfig $emulator @{ latencyMs = 0 }
        }
        $tasks.TaskId | Should -Be $ids
        $stats = Get-EmulatorStats $emulator
        Get-ActionCount $stats 'DescribeBatchInferenceTask' | Should -Be 60
        $stats.maxConcurrent | Should -BeGreaterThan 1
        $stats.maxConcurrent | Should -BeLessOrEqual 8
    }

    It 'describes a repeated id once and skips blanks' {
        $tasks = @('infer-list0007', ' infer-list0007 ', '', '  ' | Get-QianfanBatchTask @c)

        $tasks.Count | Should -Be 1
        Get-ActionCount (Get-EmulatorStats $emulator) 'DescribeBatchInferenceTask' | Should -Be 1
    }

    It 'writes a ResourceNotFound error for an unknown id and goes on with the others' {
        $tasks = @(Get-QianfanBatchTask @c -TaskId infer-none, infer-list0008 -ErrorVariable failed -ErrorAction SilentlyContinue)

        $tasks.TaskId | Should -Be 'infer-list0008'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be 'infer-none'
        $failed[0].Exception.Message | Should -Match 'task infer-none does not exist'
    }

    It 'refuses an id with white space inside without a request' {
        Get-QianfanBatchTask @c -TaskId 'infer-a infer-b' -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskId,*'
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }
}

Describe 'Get, Stop, Get, Remove in one pipeline each (<Paging> paging)' -ForEach $pagingShapes {
    BeforeAll {
        Set-EmulatorPaging $emulator $Paging
        $tasks = @(
            foreach ($i in 1..5) { @{ taskId = "infer-flow-run$i"; runStatus = 'Running' } }
            foreach ($i in 1..2) { @{ taskId = "infer-flow-stop$i"; runStatus = 'Stopped' } }
            foreach ($i in 1..3) { @{ taskId = "infer-flow-fail$i"; runStatus = 'Failed' } }
            foreach ($i in 1..2) { @{ taskId = "infer-flow-done$i"; runStatus = 'Done' } }
        )
        Set-EmulatorTasks $emulator -Tasks $tasks -Replace
        Reset-EmulatorStats $emulator
    }

    It 'stops every running task' {
        $stopped = @(Get-QianfanBatchTask @c -Status Running -PageSize 2 | Stop-QianfanBatchTask @c)

        $stopped.TaskId | Sort-Object | Should -Be (1..5 | ForEach-Object { "infer-flow-run$_" })
        $table = Get-EmulatorTasks $emulator
        foreach ($i in 1..5) { $table."infer-flow-run$i" | Should -Be 'Stopped' }
        @(Get-QianfanBatchTask @c -Status Running).Count | Should -Be 0
        Get-ActionCount (Get-EmulatorStats $emulator) 'StopBatchInferenceTask' | Should -Be 5
    }

    It 'removes every stopped or failed task while listing them, leaving the finished ones' {
        $removed = @(Get-QianfanBatchTask @c -Status Stopped, Failed -PageSize 3 | Remove-QianfanBatchTask @c -Force)

        $removed.Count | Should -Be 10
        $table = Get-EmulatorTasks $emulator
        @($table.PSObject.Properties.Name) | Sort-Object | Should -Be 'infer-flow-done1', 'infer-flow-done2'
        $table.'infer-flow-done1' | Should -Be 'Done'
        $stats = Get-EmulatorStats $emulator
        Get-ActionCount $stats 'DeleteBatchInferenceTask' | Should -Be 10
        Get-ActionCount $stats 'StopBatchInferenceTask' | Should -Be 5
    }
}

# Completeness of the help (synopsis, every parameter, five examples) is checked for every command in Help.Tests.ps1.
Describe 'Get-QianfanBatchTask help' {
    It 'shows the pipelines into Stop- and Remove-QianfanBatchTask' {
        $code = ((Get-Help Get-QianfanBatchTask -Full).Examples.Example | ForEach-Object Code) -join "`n"
        $code | Should -Match 'Get-QianfanBatchTask -Status Running \| Stop-QianfanBatchTask'
        $code | Should -Match 'Get-QianfanBatchTask -Status Stopped, ?Failed \|\s+Remove-QianfanBatchTask -Force'
    }
}

Describe 'Get-QianfanBatchTask -Name with a plain name' {
    BeforeAll {
        Set-EmulatorTasks $emulator -Replace -Tasks @(
            @{ taskId = 'infer-named-1'; name = 'nightly-eval'; runStatus = 'Running' }
            @{ taskId = 'infer-named-2'; name = 'product-summaries'; runStatus = 'Done' }
        )
    }

    It 'writes an ObjectNotFound error for a plain name no task has, as Get-Process -Name does, and the tasks of the others' {
        $tasks = @(Get-QianfanBatchTask @c -Name 'nosuch', 'NIGHTLY-EVAL', 'nomatch-*' -ErrorVariable failed -ErrorAction SilentlyContinue)

        $tasks.TaskId | Should -Be 'infer-named-1'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'TaskNameNotFound,Qianfan.Cmdlets.GetQianfanBatchTaskCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be 'nosuch'
        $failed[0].Exception.Message | Should -Match "No task named 'nosuch' was found"
        $failed[0].Exception.Message | Should -Match ([regex]::Escape("-Name '*nosuch*'"))
    }

    It 'counts a name as not found when its tasks are all filtered out, and says so' {
        $null = Get-QianfanBatchTask @c -Name 'product-summaries' -Status Running -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.Count | Should -Be 1
        $failed[0].Exception.Message | Should -Match 'among those that pass -Status'
    }

    It 'is silent about a pattern that matches nothing, and about names when -First ended the listing early' {
        Get-QianfanBatchTask @c -Name 'nosuch*' -ErrorVariable patternFailed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $patternFailed | Should -BeNullOrEmpty
        Set-EmulatorTasks $emulator -Tasks @(foreach ($i in 1..5) { @{ taskId = "infer-named-more$i"; name = 'nightly-eval'; runStatus = 'Done' } })

        $first = @(Get-QianfanBatchTask @c -Name 'nightly-eval', 'later-name' -First 1 -PageSize 1 -ErrorVariable earlyFailed -ErrorAction SilentlyContinue)

        $first.Count | Should -Be 1
        $earlyFailed | Should -BeNullOrEmpty
    }
}
