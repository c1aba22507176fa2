#Requires -Modules Pester
# Runs that end early (-ErrorAction Stop, a prompt that cannot be shown) report every id the service may have acted on.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:QIANFAN_TEST_MODULE -Force
    $script:emulator = Start-TestEmulator -Arguments @('--tasks', '500', '--latency-ms', '30')
    $script:common = @{ Credential = (New-TestCredential); Endpoint = $script:emulator.Url }
    function Get-Ids([int] $From, [int] $Count) { $From..($From + $Count - 1) | ForEach-Object { 'infer-{0:D6}' -f $_ } }
    function Get-ActedOn($Stats, [string] $Action) {
        @($Stats.byId.PSObject.Properties | Where-Object { $_.Value.PSObject.Properties[$Action] } | ForEach-Object Name)
    }
}

AfterAll { Stop-TestEmulator $script:emulator }

Describe 'Stopping a run early' {
    BeforeEach { Reset-EmulatorStats $script:emulator }

    It 'under -ErrorAction Stop every id the service acted on is written before the run ends (16 in flight)' {
        $ids = @(Get-Ids 1 1) + @('infer-unknown-1') + @(Get-Ids 2 40)
        $written = [System.Collections.Generic.List[object]]::new()
        $caught = $null
        try {
            $ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -ErrorAction Stop | ForEach-Object { $written.Add($_) }
        } catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        @($caught.TargetObject)[0] | Should -Be 'infer-unknown-1' -Because 'the failed id comes first among those not done'
        $actedOn = Get-ActedOn (Get-EmulatorStats $script:emulator) 'StopBatchInferenceTask' | Where-Object { $_ -ne 'infer-unknown-1' }
        $actedOn.Count | Should -BeGreaterThan 1 -Because 'ids after the failing one were in flight when it failed'
        @($written.TaskId | Sort-Object) | Should -Be @($actedOn | Sort-Object) -Because 'each id the service acted on is reported'
        $caught.ErrorDetails.Message | Should -Match 'The run ended here \(-ErrorAction Stop\)'
        $caught.ErrorDetails.Message | Should -Match "$($actedOn.Count - 1) later id\(s\) already sent were done"
        @($caught.TargetObject | Where-Object { $_ -in $written.TaskId }) | Should -BeNullOrEmpty -Because 'the error lists only ids not done'
        if (@($caught.TargetObject).Count + $written.Count -lt $ids.Count) {
            $caught.ErrorDetails.Message | Should -Match 'Ids still to come from the pipeline were not read\.' -Because 'ids not yet read are not counted, but said to exist'
        }
    }

    It 'Get-QianfanBatchTask -TaskId under -ErrorAction Stop writes the tasks already described before the run ends, as Stop does' {
        $ids = @(Get-Ids 301 1) + @('infer-unknown-3') + @(Get-Ids 302 40)
        $written = [System.Collections.Generic.List[object]]::new()
        $caught = $null
        try {
            $ids | Get-QianfanBatchTask @common -ThrottleLimit 16 -ErrorAction Stop | ForEach-Object { $written.Add($_) }
        } catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        @($caught.TargetObject)[0] | Should -Be 'infer-unknown-3' -Because 'the failed id comes first among those not done'
        $caught.FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        $described = Get-ActedOn (Get-EmulatorStats $script:emulator) 'DescribeBatchInferenceTask' | Where-Object { $_ -ne 'infer-unknown-3' }
        $described.Count | Should -BeGreaterThan 1 -Because 'ids after the failing one were in flight when it failed'
        @($written.TaskId | Sort-Object) | Should -Be @($described | Sort-Object) -Because 'each task described is written'
        $caught.ErrorDetails.Message | Should -Match 'The run ended here \(-ErrorAction Stop\)'
        $caught.ErrorDetails.Message | Should -Match "$($described.Count - 1) later id\(s\) already sent were done"
    }

    It 'without -ErrorAction Stop the output keeps input order and every id is reported' {
        $ids = @(Get-Ids 101 1) + @('infer-unknown-2') + @(Get-Ids 102 40)
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.TaskId | Should -Be @($ids | Where-Object { $_ -ne 'infer-unknown-2' })
        $failures.TargetObject | Should -Be 'infer-unknown-2'
    }

    It 'a confirmation that cannot be asked (non-interactive) ends the run saying how many ids were not attempted' {
        $command = @"
Import-Module '$($env:QIANFAN_TEST_MODULE)'
`$cred = [pscredential]::new('$((Get-TestKeys).AccessKey)', (ConvertTo-SecureString '$((Get-TestKeys).SecretKey)' -AsPlainText -Force))
try { 'infer-000201', 'infer-000202', 'infer-000203' | Remove-QianfanBatchTask -Credential `$cred -Endpoint '$($script:emulator.Url)' }
catch { 'ID=' + `$_.FullyQualifiedErrorId; 'MSG=' + `$_.ErrorDetails.Message; 'ACTION=' + `$_.ErrorDetails.RecommendedAction }
"@
        $child = Invoke-TestPwsh -Command $command
        $child.Output | Should -Match 'ID=ConfirmationNotPossible'
        $child.Output | Should -Match "MSG=Confirmation for 'infer-000201' could not be asked"
        $child.Output | Should -Match 'were not attempted'
        $child.Output | Should -Match 'ACTION=.*-Force'
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'DeleteBatchInferenceTask' | Should -Be 0
    }
}
