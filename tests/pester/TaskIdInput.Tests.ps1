#Requires -Modules Pester
# What -TaskId accepts: strings, the module's own objects, and objects or hashtables with an id.
# Anything else is an error for that input alone, with no request; nothing is turned into text and sent.

BeforeDiscovery {
    # Names of the cases Get-NotIds makes (the values themselves are made when the tests run).
    $script:notIdCases = @('pscustomobject without an id', 'hashtable without an id', 'FileInfo', 'Get-Item /', 'number') |
        ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator
    $script:c = @{ Credential = New-TestCredential; Endpoint = $emulator.Url }
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "qianfan-pester-ids-$PID"
    New-Item -ItemType Directory $script:work -Force | Out-Null
    $script:file = New-Item -ItemType File (Join-Path $script:work 'ids.txt') -Force

    # Each test gets fresh ids in a state the command under test succeeds on (Stop needs Running, Remove not Running).
    $script:next = 0
    function New-TaskIds([int] $Count, [string] $Status = 'Stopped') {
        $ids = foreach ($i in 1..$Count) { $script:next++; 'infer-input{0:D4}' -f $script:next }
        Set-EmulatorTasks $emulator -Tasks ($ids | ForEach-Object { @{ taskId = $_; runStatus = $Status } })
        , [string[]] $ids
    }

    # Runs a command, returning its output and errors in the order they were written.
    function Invoke-Merged([scriptblock] $Script) { @(& $Script 2>&1) }

    # The inputs that are not ids, each with what its error must name.
    function Get-NotIds {
        @(
            @{ Name = 'pscustomobject without an id'; Value = [pscustomobject]@{ task_id = 'infer-snake' }; Says = 'properties task_id' }
            @{ Name = 'hashtable without an id'; Value = @{ task_id = 'infer-snake' }; Says = 'System.Collections.Hashtable with the keys task_id' }
            @{ Name = 'FileInfo'; Value = Get-Item $script:file; Says = 'System.IO.FileInfo' }
            @{ Name = 'Get-Item /'; Value = Get-Item '/'; Says = 'System.IO.DirectoryInfo' }
            @{ Name = 'number'; Value = 42; Says = 'number 42' }
        )
    }

    # Every request the emulator saw, by id: nothing may be sent for an input that is not an id.
    function Get-SentIds { @((Get-EmulatorStats $emulator).byId.PSObject.Properties.Name) }
}

AfterAll {
    Stop-TestEmulator $emulator
    Remove-Item $script:work -Recurse -Force -ErrorAction Ignore
}

Describe '<Command> refuses what is not a task id' -ForEach @(
    @{ Command = 'Stop-QianfanBatchTask'; Extra = @{}; Action = 'StopBatchInferenceTask'; Status = 'Running' }
    @{ Command = 'Remove-QianfanBatchTask'; Extra = @{ Force = $true }; Action = 'DeleteBatchInferenceTask'; Status = 'Stopped' }
    @{ Command = 'Get-QianfanBatchTask'; Extra = @{}; Action = 'DescribeBatchInferenceTask'; Status = 'Done' }
    @{ Command = 'Wait-QianfanBatchTask'; Extra = @{}; Action = 'DescribeBatchInferenceTask'; Status = 'Stopped' }
) {
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'gives one NotATaskId error naming piped <Name>, sends nothing for it, and still sends the good ids beside it' -ForEach $notIdCases {
        $case = Get-NotIds | Where-Object Name -eq $Name
        $Value = $case.Value
        $Says = $case.Says
        $ids = New-TaskIds 2 $Status
        $given = @($ids[0], $Value, $ids[1])

        $out = Invoke-Merged { $given | & $Command @c @Extra -ErrorAction Continue }

        $out.Count | Should -Be 3
        $out[0].TaskId | Should -Be $ids[0]
        $out[2].TaskId | Should -Be $ids[1]
        $failure = $out[1]
        $failure | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $failure.FullyQualifiedErrorId | Should -Be "NotATaskId,Qianfan.Cmdlets.$($Command -replace '-', '')Command"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        [object]::ReferenceEquals($failure.TargetObject, $Value) -or $failure.TargetObject -eq $Value | Should -BeTrue
        $failure.TargetObject.GetType() | Should -Be $Value.GetType()
        $failure.Exception.Message | Should -Match ([regex]::Escape($Says))
        $failure.Exception.Message | Should -Match 'not a task id, so no request was sent'
        $failure.Exception.Message | Should -Match 'TaskId or Id property'
        $stats = Get-EmulatorStats $emulator
        Get-ActionCount $stats $Action | Should -Be 2
        $stats.total | Should -Be 2
        Get-SentIds | Sort-Object | Should -Be ($ids | Sort-Object)
    }

    It 'given to -TaskId in one array with good ids, each input keeps its place and only the ids are sent' {
        $ids = New-TaskIds 2 $Status
        $notIds = Get-NotIds

        $out = Invoke-Merged { & $Command @c @Extra -TaskId (@($ids[0]) + $notIds.Value + @($ids[1])) -ErrorAction Continue }

        $out.Count | Should -Be 7
        $out[0].TaskId | Should -Be $ids[0]
        $out[6].TaskId | Should -Be $ids[1]
        foreach ($i in 0..4) {
            $out[$i + 1].FullyQualifiedErrorId | Should -BeLike 'NotATaskId,*'
            $out[$i + 1].Exception.Message | Should -Match ([regex]::Escape($notIds[$i].Says))
        }
        (Get-EmulatorStats $emulator).total | Should -Be 2
        Get-SentIds | Sort-Object | Should -Be ($ids | Sort-Object)
    }

    It 'takes the id of hashtables and objects with a TaskId, Id or taskId key or property' {
        $ids = New-TaskIds 6 $Status
        $given = @(
            @{ TaskId = $ids[0] }
            @{ Id = $ids[1] }
            @{ taskId = $ids[2]; name = 'lower-case key' }
            [pscustomobject]@{ TaskId = $ids[3] }
            [pscustomobject]@{ Id = $ids[4]; Owner = 'ops' }
            [pscustomobject]@{ taskId = $ids[5] }
        )

        $piped = @($given | & $Command @c @Extra)

        $piped.TaskId | Should -Be $ids
        Get-ActionCount (Get-EmulatorStats $emulator) $Action | Should -Be 6
    }

    It 'takes hashtables with an id given to -TaskId directly, beside a string' {
        $ids = New-TaskIds 3 $Status

        $results = @(& $Command @c @Extra -TaskId $ids[0], @{ taskId = $ids[1] }, ([pscustomobject]@{ Id = $ids[2] }))

        $results.TaskId | Should -Be $ids
    }

    It 'prefers TaskId to Id when an input has both' {
        $ids = New-TaskIds 1 $Status

        $results = @(@{ Id = 'infer-not-this-one'; TaskId = $ids[0] } | & $Command @c @Extra)

        $results.TaskId | Should -Be $ids
        Get-SentIds | Should -Be $ids
    }

    It 'refuses an object whose Id is a number (Get-Process) rather than sending the number' {
        $ids = New-TaskIds 1 $Status

        $out = Invoke-Merged { @((Get-Process -Id $PID), $ids[0]) | & $Command @c @Extra -ErrorAction Continue }

        $out.Count | Should -Be 2
        $out[0].FullyQualifiedErrorId | Should -BeLike 'NotATaskId,*'
        $out[0].TargetObject.Id | Should -Be $PID
        $out[0].Exception.Message | Should -Match "whose Id is the number $PID"
        $out[1].TaskId | Should -Be $ids[0]
        Get-SentIds | Should -Be $ids
    }

    It 'refuses a string with a comma instead of sending it as one id, and says to split it' {
        $ids = New-TaskIds 2 $Status
        $joined = $ids -join ','

        $out = Invoke-Merged { @($joined, $ids[0]) | & $Command @c @Extra -ErrorAction Continue }

        $out.Count | Should -Be 2
        $out[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskId,*'
        $out[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $out[0].TargetObject | Should -Be $joined
        $out[0].Exception.Message | Should -Match 'comma'
        $out[0].Exception.Message | Should -Match ([regex]::Escape("-split ','"))
        $out[1].TaskId | Should -Be $ids[0]
        Get-SentIds | Should -Be @($ids[0])
    }

    It 'sends each id once when the comma string is split as the error says' {
        $ids = New-TaskIds 2 $Status

        $results = @(& $Command @c @Extra -TaskId (($ids -join ',') -split ','))

        $results.TaskId | Should -Be $ids
        Get-ActionCount (Get-EmulatorStats $emulator) $Action | Should -Be 2
    }
}

Describe 'The module''s own objects are ids' {
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'a task from Get-QianfanBatchTask and a result of Stop-QianfanBatchTask bind by value to -TaskId' {
        $ids = New-TaskIds 2
        $task = Get-QianfanBatchTask @c -TaskId $ids[0]
        Set-EmulatorTasks $emulator -Tasks @(@{ taskId = $ids[1]; runStatus = 'Running' })
        $stopped = Stop-QianfanBatchTask @c -TaskId $ids[1]
        $stopped.PSObject.TypeNames[0] | Should -Be 'Qianfan.BatchTaskActionResult'
        $stopped -is [Qianfan.BatchTaskActionResult] | Should -BeTrue
        Reset-EmulatorStats $emulator

        $described = @(Get-QianfanBatchTask @c -TaskId $task, $stopped)
        $removed = @($task, $stopped | Remove-QianfanBatchTask @c -Force)

        $described.TaskId | Should -Be $ids
        $removed.TaskId | Should -Be $ids
        $stats = Get-EmulatorStats $emulator
        Get-ActionCount $stats 'DescribeBatchInferenceTask' | Should -Be 2
        Get-ActionCount $stats 'DeleteBatchInferenceTask' | Should -Be 2
        Get-SentIds | Sort-Object | Should -Be ($ids | Sort-Object)
    }
}

Describe '<Command> refuses ids holding characters no task id has' -ForEach @(
    @{ Command = 'Stop-QianfanBatchTask'; Extra = @{ IgnoreAlreadyDone = $true }; Status = 'Running' }
    @{ Command = 'Remove-QianfanBatchTask'; Extra = @{ Force = $true; IgnoreAlreadyDone = $true }; Status = 'Stopped' }
    @{ Command = 'Get-QianfanBatchTask'; Extra = @{}; Status = 'Running' }
    @{ Command = 'Wait-QianfanBatchTask'; Extra = @{}; Status = 'Stopped' }
) {
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'sends none of them, never calls one AlreadyDone, names the character and its position, and still sends the good id' {
        $ids = New-TaskIds 1 $Status
        $good = $ids[0]
        $after = $good.Length + 1
        $mangled = @(
            @{ Id = $good + [char]0x200B; Says = "zero-width character \(U\+200B at position $after\)" }
            @{ Id = $good + [char]0xFEFF; Says = "byte-order mark \(U\+FEFF at position $after\)" }
            @{ Id = 'ï»¿' + $good; Says = 'read as ANSI text.*-Encoding UTF8' }
            @{ Id = 'infer-input*'; Says = "wildcard character '\*' \(U\+002A at position 12\)" }
            @{ Id = "'$good'"; Says = 'quote' }
            @{ Id = $good.Insert(8, ' '); Says = 'white space \(U\+0020 at position 9\).*damaged' }
        )

        $out = Invoke-Merged { @($mangled.Id) + $good | & $Command @c @Extra -ErrorAction Continue }

        $out.Count | Should -Be ($mangled.Count + 1)
        foreach ($i in 0..($mangled.Count - 1)) {
            $out[$i] | Should -BeOfType [System.Management.Automation.ErrorRecord]
            $out[$i].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskId,*'
            $out[$i].TargetObject | Should -BeExactly $mangled[$i].Id
            $out[$i].Exception.Message | Should -Match $mangled[$i].Says
            $out[$i].Exception.Message | Should -Match 'No request was sent'
        }
        $out[-1].TaskId | Should -Be $good
        @($out | Where-Object { $_.PSObject.Properties['Status'] -and $_.Status -eq 'AlreadyDone' }) | Should -BeNullOrEmpty
        Get-SentIds | Should -Be @($good)
        (Get-EmulatorStats $emulator).total | Should -Be 1
    }

    It 'shows an invisible character in the message as \uXXXX, so that the reader sees it' {
        $ids = New-TaskIds 1 $Status

        $out = Invoke-Merged { & $Command @c @Extra -TaskId ($ids[0] + [char]0x200B) -ErrorAction Continue }

        $out[0].Exception.Message | Should -Match ([regex]::Escape("'$($ids[0])\u200B'"))
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }
}

Describe 'The advice for rows without an id column' {
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'quotes the rows'' own column, and runs as written' {
        $ids = New-TaskIds 2 'Running'
        $csv = Join-Path $script:work 'spaced-column.csv'
        $ids | ForEach-Object { [pscustomobject]@{ Owner = 'ops'; 'Task Id' = $_ } } | Export-Csv $csv -NoTypeInformation -Encoding UTF8
        $rows = Import-Csv $csv

        $rows | Stop-QianfanBatchTask @c -ErrorVariable refused -ErrorAction SilentlyContinue

        $refused.Count | Should -Be 2
        $advice = $refused[0].ErrorDetails.RecommendedAction
        $advice | Should -Match ([regex]::Escape('$rows | ForEach-Object { $_.''Task Id'' }'))
        (Get-EmulatorStats $emulator).total | Should -Be 0
        $code = [regex]::Match($advice, 'e\.g\. (.+?), and pipe').Groups[1].Value
        $picked = @(& ([scriptblock]::Create($code)))
        $picked | Should -Be $ids
        @($picked | Stop-QianfanBatchTask @c).TaskId | Should -Be $ids
    }
}
