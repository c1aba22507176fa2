#Requires -Modules Pester
# -Confirm answered through a scripted host: each id is asked about before its request is sent,
# and "Yes to All" / "No to All" answer the rest of the run.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'ScriptedHost.ps1')
    $script:emulator = Start-TestEmulator -Arguments @('--tasks', '0')
    $script:common = @{ Credential = (New-TestCredential); Endpoint = $script:emulator.Url }

    # Runs a command in a runspace whose host answers prompts with $Answers (0 Yes, 1 Yes to All, 2 No, 3 No to All).
    function Invoke-WithAnswers([int[]] $Answers, [scriptblock] $Script, [object[]] $Arguments) {
        $scriptedHost = [ScriptedHost]::new()
        $Answers | ForEach-Object { $scriptedHost.ScriptedUI.Answers.Enqueue($_) }
        $runspace = [runspacefactory]::CreateRunspace($scriptedHost)
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $null = $ps.AddScript("Import-Module '$($env:QIANFAN_TEST_MODULE)'").AddStatement().AddScript($Script)
            foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = @($output); Prompts = @($scriptedHost.ScriptedUI.Prompts); Errors = @($ps.Streams.Error) }
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }

    function New-StoppedTasks([string] $Prefix, [int] $Count) {
        $ids = 1..$Count | ForEach-Object { "$Prefix-$_" }
        Set-EmulatorTasks $script:emulator -Tasks ($ids | ForEach-Object { @{ taskId = $_; runStatus = 'Stopped' } })
        $ids
    }
}

AfterAll { Stop-TestEmulator $script:emulator }

Describe 'Remove-QianfanBatchTask -Confirm' {
    BeforeEach { Reset-EmulatorStats $script:emulator }

    It 'asks for every id, and sends a delete only for those answered Yes' {
        $ids = New-StoppedTasks 'confirm-each' 3
        $run = Invoke-WithAnswers @(0, 2, 0) { param($Ids, $Common) $Ids | Remove-QianfanBatchTask -Confirm @Common } @($ids, $script:common)
        $run.Prompts.Count | Should -Be 3
        $run.Prompts[1] | Should -Match ([regex]::Escape($ids[1]))
        $run.Output.TaskId | Should -Be @($ids[0], $ids[2])
        $stats = Get-EmulatorStats $script:emulator
        Get-ActionCount $stats 'DeleteBatchInferenceTask' | Should -Be 2
        $stats.byId.PSObject.Properties[$ids[1]] | Should -BeNullOrEmpty
    }

    It '"Yes to All" answers the rest of the run' {
        $ids = New-StoppedTasks 'confirm-yes-all' 4
        $run = Invoke-WithAnswers @(0, 1) { param($Ids, $Common) $Ids | Remove-QianfanBatchTask -Confirm @Common } @($ids, $script:common)
        $run.Prompts.Count | Should -Be 2
        $run.Output.TaskId | Should -Be $ids
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DeleteBatchInferenceTask' | Should -Be 4
    }

    It '"No to All" declines the rest of the run and sends nothing more' {
        $ids = New-StoppedTasks 'confirm-no-all' 4
        $run = Invoke-WithAnswers @(0, 3) { param($Ids, $Common) $Ids | Remove-QianfanBatchTask -Confirm @Common } @($ids, $script:common)
        $run.Prompts.Count | Should -Be 2
        $run.Output.TaskId | Should -Be @($ids[0])
        $run.Errors.Count | Should -Be 0
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DeleteBatchInferenceTask' | Should -Be 1
    }

    It 'prompts by default (High impact) and -Force skips the prompt' {
        $ids = New-StoppedTasks 'confirm-default' 2
        $asked = Invoke-WithAnswers @(0) { param($Ids, $Common) Remove-QianfanBatchTask -TaskId $Ids[0] @Common } @($ids, $script:common)
        $asked.Prompts.Count | Should -Be 1
        $forced = Invoke-WithAnswers @() { param($Ids, $Common) Remove-QianfanBatchTask -TaskId $Ids[1] -Force @Common } @($ids, $script:common)
        $forced.Prompts.Count | Should -Be 0
        $forced.Output.TaskId | Should -Be $ids[1]
    }

    It 'asks with -Force when -Confirm is given explicitly, as Az does' {
        $ids = New-StoppedTasks 'confirm-force' 3
        $run = Invoke-WithAnswers @(2, 0, 2) { param($Ids, $Common) $Ids | Remove-QianfanBatchTask -Force -Confirm @Common } @($ids, $script:common)
        $run.Prompts.Count | Should -Be 3
        $run.Output.TaskId | Should -Be @($ids[1])
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DeleteBatchInferenceTask' | Should -Be 1
    }

    It '-Force with -Confirm:$false, or with $ConfirmPreference Low, does not ask' {
        $ids = New-StoppedTasks 'confirm-force-off' 2
        $off = Invoke-WithAnswers @() { param($Ids, $Common) Remove-QianfanBatchTask -TaskId $Ids[0] -Force -Confirm:$false @Common } @($ids, $script:common)
        $low = Invoke-WithAnswers @() { param($Ids, $Common) $ConfirmPreference = 'Low'; Remove-QianfanBatchTask -TaskId $Ids[1] -Force @Common } @($ids, $script:common)
        $off.Prompts.Count + $low.Prompts.Count | Should -Be 0
        @($off.Output.TaskId) + @($low.Output.TaskId) | Should -Be $ids
    }

    It 'Stop-QianfanBatchTask does not prompt by default (Medium impact) but does with -Confirm' {
        $ids = 1..2 | ForEach-Object { "confirm-stop-$_" }
        Set-EmulatorTasks $script:emulator -Tasks ($ids | ForEach-Object { @{ taskId = $_; runStatus = 'Running' } })
        $quiet = Invoke-WithAnswers @() { param($Ids, $Common) Stop-QianfanBatchTask -TaskId $Ids[0] @Common } @($ids, $script:common)
        $quiet.Prompts.Count | Should -Be 0
        $asked = Invoke-WithAnswers @(2) { param($Ids, $Common) Stop-QianfanBatchTask -TaskId $Ids[1] -Confirm @Common } @($ids, $script:common)
        $asked.Prompts.Count | Should -Be 1
        $asked.Output.Count | Should -Be 0
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'StopBatchInferenceTask' | Should -Be 1
    }
}

Describe 'Invoke-QianfanConsoleAction -Confirm' {
    BeforeEach { Reset-EmulatorStats $script:emulator }

    It 'asks before an action that may change something' {
        Set-EmulatorTasks $script:emulator -Tasks @(@{ taskId = 'confirm-invoke-stop'; runStatus = 'Running' })
        $run = Invoke-WithAnswers @(2) { param($Common) Invoke-QianfanConsoleAction StopBatchInferenceTask @{ taskId = 'confirm-invoke-stop' } -Confirm @Common } @(, $script:common)
        $run.Prompts.Count | Should -Be 1
        (Get-EmulatorStats $script:emulator).total | Should -Be 0
    }

    It 'does not ask before an action that only reads' {
        $run = Invoke-WithAnswers @() { param($Common) Invoke-QianfanConsoleAction DescribeBatchInferenceModel -Confirm @Common } @(, $script:common)
        $run.Prompts.Count | Should -Be 0
        $run.Errors.Count | Should -Be 0
        $run.Output.Count | Should -Be 3
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DescribeBatchInferenceModel' | Should -Be 1
    }
}
