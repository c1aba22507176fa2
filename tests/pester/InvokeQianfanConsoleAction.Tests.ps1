# Invoke-QianfanConsoleAction against the emulator: any action, any body form, results as
# PowerShell objects, the service's errors, retries, -WhatIf.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator
    $script:c = @{ Credential = New-TestCredential; Endpoint = $emulator.Url }
    Set-EmulatorTasks $emulator -Replace -Tasks @(
        @{ taskId = 'infer-inv001'; runStatus = 'Running' }
        @{ taskId = 'infer-inv002'; runStatus = 'Stopped' }
        @{ taskId = 'infer-inv003'; runStatus = 'Done' }
        @{ taskId = 'infer-inv004'; runStatus = 'Failed' }
        @{ taskId = 'infer-inv005'; runStatus = 'Running' }
    )
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Invoke-QianfanConsoleAction' {
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'reaches the action it names and returns its result as objects' {
        $result = Invoke-QianfanConsoleAction @c -Route /v2/batchinference -Action DescribeBatchInferenceTasks -Body @{ maxKeys = 2 }

        @($result).Count | Should -Be 1
        $result.taskList.Count | Should -Be 2
        $result.taskList[0].taskId | Should -Be 'infer-inv001'
        $result.taskList[0].inferenceParams.temperature | Should -Be 0.8
        $result.pageInfo.isTruncated | Should -BeTrue
        $result.pageInfo.marker | Should -Be ''
        $result.pageInfo.nextMarker | Should -Be 'infer-inv003'
        $stats = Get-EmulatorStats $emulator
        $stats.total | Should -Be 1
        Get-ActionCount $stats 'DescribeBatchInferenceTasks' | Should -Be 1
    }

    It 'takes the body as a hashtable, a PSCustomObject or JSON text alike' {
        $fromHashtable = Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body @{ taskId = 'infer-inv002' }
        $fromObject = Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body ([pscustomobject]@{ taskId = 'infer-inv002' })
        $fromText = Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body '{"taskId": "infer-inv002"}'

        foreach ($result in $fromHashtable, $fromObject, $fromText) {
            $result.taskId | Should -Be 'infer-inv002'
            $result.runStatus | Should -Be 'Stopped'
        }
        (Get-EmulatorStats $emulator).byId.'infer-inv002'.DescribeBatchInferenceTask | Should -Be 3
    }

    It 'sends nested objects and arrays, and reads them back nested' {
        $body = [ordered]@{
            name            = 'nested-check'
            modelId         = 'amv-emulator0001'
            inputBosUri     = 'bos:/in/'
            outputBosUri    = 'bos:/out/'
            inferenceParams = @{ temperature = 0.25; stop = @('###', 'END'); nested = @{ depth = 2 } }
        }
        $created = Invoke-QianfanConsoleAction @c -Action CreateBatchInferenceTask -Body $body
        $created.taskId | Should -Match '^infer-'

        $task = Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body @{ taskId = $created.taskId }

        $task.name | Should -Be 'nested-check'
        $task.inferenceParams.temperature | Should -Be 0.25
        $task.inferenceParams.stop | Should -Be '###', 'END'
        $task.inferenceParams.nested.depth | Should -Be 2
        $task.inferenceParams | Should -BeOfType [pscustomobject]
        (Get-EmulatorTasks $emulator).($created.taskId) | Should -Be 'Running'
    }

    It 'writes each element of an array result, or the array as one with -NoEnumerate' {
        $models = @(Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceModel)
        $models.Count | Should -Be 3
        $models[0].modelId | Should -Be 'amv-emulator0001'
        $models[1].maxInputTokens | Should -BeOfType [int]

        (Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceModel -NoEnumerate | Measure-Object).Count | Should -Be 1
    }

    It 'writes a boolean result as a boolean' {
        $result = Invoke-QianfanConsoleAction @c -Action StopBatchInferenceTask -Body @{ taskId = 'infer-inv005' }

        $result | Should -BeOfType [bool]
        $result | Should -BeTrue
        (Get-EmulatorTasks $emulator).'infer-inv005' | Should -Be 'Stopped'
    }

    It 'sends one request per body piped in, in order' {
        $results = @(@{ taskId = 'infer-inv003' }, @{ taskId = 'infer-inv004' } | Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask)

        $results.taskId | Should -Be 'infer-inv003', 'infer-inv004'
        Get-ActionCount (Get-EmulatorStats $emulator) 'DescribeBatchInferenceTask' | Should -Be 2
    }

    It 'shows the service''s error for an action it does not know' {
        $result = Invoke-QianfanConsoleAction @c -Action NoSuchAction -ErrorVariable failed -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAction,*'
        $failed[0].Exception.Message | Should -Match "unknown Action 'NoSuchAction'"
        $failed[0].Exception.RequestId | Should -Not -BeNullOrEmpty
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'shows the service''s error for a body the action refuses' {
        Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body @{} -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidParameter,*'
        $failed[0].Exception.Message | Should -Match 'taskId is required'
    }

    It 'turns a service error into a terminating one with -ErrorAction Stop' {
        { Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body @{ taskId = 'infer-none' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'ResourceNotFound,*'
    }

    It 'refuses a body that is not a JSON object without sending anything' {
        Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body '[1, 2]' -ErrorVariable failed -ErrorAction SilentlyContinue
        Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body '{"taskId": ' -ErrorVariable +failed -ErrorAction SilentlyContinue

        $failed.Count | Should -Be 2
        $failed | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidBody,*' }
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }

    It 'refuses a route the signature could not cover, before any request' {
        { Invoke-QianfanConsoleAction @c -Route '/v2/../admin' -Action DescribeBatchInferenceModel } | Should -Throw -ErrorId 'InvalidConsoleAction,*'
        { Invoke-QianfanConsoleAction @c -Route '/v2/batchinference.' -Action DescribeBatchInferenceModel } | Should -Throw -ErrorId 'InvalidConsoleAction,*'
        { Invoke-QianfanConsoleAction @c -Action 'Stop&Action=Delete' } | Should -Throw -ErrorId 'InvalidConsoleAction,*'
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }

    It 'reaches another route and reports what the service answers there' {
        Invoke-QianfanConsoleAction @c -Route /v2/nothing -Action DescribeThings -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
        $failed[0].Exception.Message | Should -Match '/v2/nothing'
    }

    It 'sends nothing with -WhatIf' {
        Invoke-QianfanConsoleAction @c -Action DeleteBatchInferenceTask -Body @{ taskId = 'infer-inv002' } -WhatIf

        (Get-EmulatorStats $emulator).total | Should -Be 0
        (Get-EmulatorTasks $emulator).'infer-inv002' | Should -Be 'Stopped'
    }

    It 'sends an action that only reads even with -WhatIf, and one that changes nothing under $WhatIfPreference' {
        $models = @(Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceModel -WhatIf)
        $task = & {
            $WhatIfPreference = $true
            Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceTask -Body @{ taskId = 'infer-inv003' }
            Invoke-QianfanConsoleAction @c -Action DeleteBatchInferenceTask -Body @{ taskId = 'infer-inv003' }
        }

        $models.Count | Should -Be 3
        $task.taskId | Should -Be 'infer-inv003'
        $stats = Get-EmulatorStats $emulator
        $stats.total | Should -Be 2
        Get-ActionCount $stats 'DeleteBatchInferenceTask' | Should -Be 0
        (Get-EmulatorTasks $emulator).'infer-inv003' | Should -Be 'Done'
    }

    It 'sends a task piped from Get-QianfanBatchTask with the service''s field names' {
        Set-EmulatorTasks $emulator -Tasks @(@{ taskId = 'infer-inv-piped'; name = 'piped'; runStatus = 'Running' })

        $result = Get-QianfanBatchTask @c -TaskId infer-inv-piped | Invoke-QianfanConsoleAction @c -Action StopBatchInferenceTask

        $result | Should -BeTrue
        (Get-EmulatorTasks $emulator).'infer-inv-piped' | Should -Be 'Stopped'
        (Get-EmulatorStats $emulator).byId.'infer-inv-piped'.StopBatchInferenceTask | Should -Be 1
    }

    It 'retries a transient failure like the other cmdlets' {
        Set-EmulatorConfig $emulator @{ failRate = 1 } | Out-Null
        try {
            Invoke-QianfanConsoleAction @c -Action DescribeBatchInferenceModel -MaxRetryCount 2 -ErrorVariable failed -ErrorAction SilentlyContinue
        }
        finally {
            Set-EmulatorConfig $emulator @{ failRate = 0 } | Out-Null
        }
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InternalError,*'
        $stats = Get-EmulatorStats $emulator
        Get-ActionCount $stats 'DescribeBatchInferenceModel' | Should -Be 3
        $stats.faults.fail | Should -Be 3
    }

    It 'signs every request: wrong keys are refused by the service' {
        $wrong = New-TestCredential -SecretKey 'not-the-secret'
        Invoke-QianfanConsoleAction -Credential $wrong -Endpoint $emulator.Url -Action DescribeBatchInferenceModel -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'SignatureDoesNotMatch,*'
        $failed[0].Exception.Message | Should -Not -Match 'not-the-secret'
        (Get-EmulatorStats $emulator).authFailures | Should -Be 1
    }
}
